package storage_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/contractdoc"
	"marketplace/storage"
)

// contractFixture is a contract with an investment code and a price whose
// capitals need 零 across 万.
func contractFixture(t *testing.T) *contractdoc.Document {
	t.Helper()
	code := "2026-420100-77-01-123456"
	d, err := contractdoc.New(contractdoc.Facts{
		ProjectID: 42, OCID: "ocds-test-42", Title: "某工业园区新建厂房环境影响报告表编制", ItemCode: "NAT-01", ItemName: "环境影响评价",
		InvestmentCode: &code,
		Owner:          contractdoc.Party{Name: "武汉某某制造有限公司", USCC: "91420100MA4KX1234B"},
		Agency:         contractdoc.Party{Name: "湖北某环境咨询有限公司", USCC: "91420106MA49ABCD0X"},
		PriceFen:       1000110, ServiceDays: 30,
		OwnerSignedAt:  time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC),
		AgencySignedAt: time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC),
		Template:       contractdoc.DefaultTemplate,
	})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func renderFixture(t *testing.T) []byte {
	t.Helper()
	r, err := storage.NewContractPDF(storage.DefaultContractFont)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := r.RenderContract(contractFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	return pdf
}

// pdfText extracts a PDF's text with poppler's pdftotext, as a reader's
// tools would, rather than trusting the renderer's own idea of it.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext not found: install poppler-utils (make test-deps)")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Lines wrap where the page ends; compare without the breaks.
	return strings.NewReplacer("\n", "", "\f", "").Replace(string(out))
}

func TestContractPDFText(t *testing.T) {
	t.Parallel()
	text := pdfText(t, renderFixture(t))
	// Every character of the terms survives line wrapping.
	terms := strings.ReplaceAll(contractFixture(t).Terms, "\n", "")
	for _, want := range []string{terms,
		"中介服务合同",
		"武汉某某制造有限公司", "91420100MA4KX1234B",
		"湖北某环境咨询有限公司", "91420106MA49ABCD0X",
		"某工业园区新建厂房环境影响报告表编制", "环境影响评价", "2026-420100-77-01-123456",
		"¥10,001.10", "人民币壹万零壹元壹角整",
		"30日，自2026-03-01起至2026-03-31止",
		"2026-03-01 10:00:00", "2026-03-01 11:00:00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q:\n%s", want, text)
		}
	}
}

func TestContractPDFRendersAlike(t *testing.T) {
	t.Parallel()
	if a, b := renderFixture(t), renderFixture(t); !bytes.Equal(a, b) {
		t.Error("the same contract rendered to two different files")
	}
}

func TestContractSignatureVerifiesAndOneByteBreaksIt(t *testing.T) {
	t.Parallel()
	pdf := renderFixture(t)
	signer, err := domain.NewSigner(domain.GenerateSigningSeed())
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256Hex(pdf)
	msg, err := domain.ContractSignedMessage(sum)
	if err != nil {
		t.Fatal(err)
	}
	notice := &domain.ContractNotice{DocumentSHA256: sum, Signature: signer.Sign(msg), PublicKey: signer.PublicKey()}
	if _, err := domain.VerifyContractDocument(pdf, notice); err != nil {
		t.Fatalf("intact contract: %v", err)
	}
	for _, i := range []int{0, len(pdf) / 2, len(pdf) - 1} {
		tampered := bytes.Clone(pdf)
		tampered[i] ^= 0x01
		if _, err := domain.VerifyContractDocument(tampered, notice); err == nil {
			t.Errorf("a contract with byte %d changed verified", i)
		}
	}
	// A forged notice that publishes the tampered file's hash still fails
	// on the signature.
	tampered := bytes.Clone(pdf)
	tampered[len(pdf)/3] ^= 0x01
	forged := *notice
	forged.DocumentSHA256 = sha256Hex(tampered)
	if _, err := domain.VerifyContractDocument(tampered, &forged); err == nil || !strings.Contains(err.Error(), "signature") {
		t.Errorf("a tampered file with its own hash published: %v, want a signature failure", err)
	}
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestWrapKeepsLatinRunsWhole(t *testing.T) {
	t.Parallel()
	// Each rune is one unit wide; lines hold twelve.
	got := storage.WrapRunes("期限至2027-01-05止", 12)
	want := []string{"期限至", "2027-01-05止"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q, want %q", got, want)
	}
	// A run longer than a line is cut, never lost.
	long := "SHA-256:" + strings.Repeat("0123456789abcdef", 4)
	if got := storage.WrapRunes(long, 12); strings.Join(got, "") != long || len(got) < 2 {
		t.Errorf("wrap of a long run = %q", got)
	}
}

// BenchmarkContractPDF measures one contract's rendering (docs/operations.md).
func BenchmarkContractPDF(b *testing.B) {
	r, err := storage.NewContractPDF(storage.DefaultContractFont)
	if err != nil {
		b.Fatal(err)
	}
	d := contractFixture(&testing.T{})
	var size int
	for b.Loop() {
		pdf, err := r.RenderContract(d)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
