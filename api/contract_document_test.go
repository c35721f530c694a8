package api_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/storage"
)

// withContractDocs gives the app a PDF renderer (Debian's Droid Sans
// Fallback) and a fresh signing key, as main does.
func withContractDocs(t *testing.T, app *lifeApp) *domain.Signer {
	t.Helper()
	r, err := storage.NewContractPDF(storage.DefaultContractFont)
	if err != nil {
		t.Fatalf("%v (make test-deps installs the font)", err)
	}
	signer, err := domain.NewSigner(domain.GenerateSigningSeed())
	if err != nil {
		t.Fatal(err)
	}
	app.Market.ContractDocs = domain.ContractDocuments{Renderer: r, Signer: signer}
	return signer
}

// pdfToText extracts the text of a PDF with poppler's pdftotext; line
// breaks (where the page wraps) are dropped.
func pdfToText(t *testing.T, pdf []byte) string {
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
	return strings.NewReplacer("\n", "", "\f", "").Replace(string(out))
}

func TestContractDocument_SignedPDF(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	signer := withContractDocs(t, app)
	_, ent := app.register("enterprise", "武汉某某制造有限公司")
	aID, agency := app.agency("湖北某环境咨询有限公司", "NAT-01")
	_, stranger := app.agency("另一家咨询有限公司", "NAT-01")
	_, dept := app.staff("department", "某市生态环境局")
	_, admin := app.staff("admin", "平台管理员")

	// An administrator gives NAT-01 its own deliverables and terms.
	app.expect(app.do("PUT", "/api/v1/contract-templates/NAT-01", admin, map[string]string{
		"deliverables": "环境影响报告表及{item}审批意见", "terms": "{owner}委托{agency}，价款{price_capitals}，期限至{end_date}。"}), 200, "")
	app.expect(app.do("PUT", "/api/v1/contract-templates/NAT-01", admin, map[string]string{
		"deliverables": "报告", "terms": "{ownr}委托"}), 400, "unknown_placeholder")
	app.expect(app.do("PUT", "/api/v1/contract-templates/NAT-01", ent, map[string]string{"deliverables": "报告", "terms": "条款"}), 403, "")
	app.expect(app.do("PUT", "/api/v1/contract-templates/NO-SUCH", admin, map[string]string{"deliverables": "报告", "terms": "条款"}), 404, "")
	var list struct {
		Items []struct {
			ItemCode string `json:"item_code"`
			Terms    string
		}
	}
	app.do("GET", "/api/v1/contract-templates", admin, nil).decode(t, &list)
	if len(list.Items) != 2 || list.Items[0].ItemCode != "" || list.Items[1].ItemCode != "NAT-01" || list.Items[0].Terms == "" {
		t.Fatalf("templates %+v: want the built-in default, then NAT-01", list.Items)
	}
	app.expect(app.do("GET", "/api/v1/contract-templates", ent, nil), 403, "")

	// A ceiling near the price, so that the one bid is not abnormally low
	// (异常低价: under half the ceiling it would wait for an explanation).
	const investment = "2026-420100-77-01-000123" // the 投资项目代码 the purchase serves
	p := app.closedProject(ent, map[string]any{"ceiling_price": "12000.00", "investment_project_code": investment}, bidder{aID, agency, "10001.10"})
	app.run("select_results")
	app.advance(testPublicity + time.Second)
	app.run("end_publicity")
	app.expect(app.do("GET", pp(p.ID, "/contract/signature"), "", nil), 404, "contract_document_not_found")

	app.expect(app.post(pp(p.ID, "/contract/sign"), agency, nil), 200, "")
	app.expect(app.do("GET", pp(p.ID, "/contract/document"), agency, nil), 404, "contract_document_not_found")
	app.advance(testSigning / 2) // the two signing times differ
	app.expect(app.post(pp(p.ID, "/contract/sign"), ent, nil), 200, "")

	if l := app.lifecycle(p.ID); l.Status != "contracted" {
		t.Fatalf("after signing: %+v", l)
	}
	var n domain.ContractNotice
	r := app.do("GET", pp(p.ID, "/contract/signature"), "", nil)
	app.expect(r, 200, "")
	r.decode(t, &n)
	if n.Owner.USCC == "" || n.Agency.USCC == "" || n.Price.String() != "10001.10" || n.PriceCapitals != "壹万零壹元壹角整" ||
		n.ServiceDays != 30 || n.PublicKey != signer.PublicKey() || n.Algorithm != "Ed25519" {
		t.Fatalf("notice %+v", n)
	}

	app.expect(app.do("GET", pp(p.ID, "/contract/document"), "", nil), 401, "")
	app.expect(app.do("GET", pp(p.ID, "/contract/document"), stranger, nil), 403, "")
	var pdf []byte
	for _, tok := range []string{agency, ent, dept, admin} {
		r := app.do("GET", pp(p.ID, "/contract/document"), tok, nil)
		app.expect(r, 200, "")
		if r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("headers %v", r.Header)
		}
		pdf = r.Body
	}
	sum := sha256.Sum256(pdf)
	if hex.EncodeToString(sum[:]) != n.DocumentSHA256 {
		t.Fatal("the downloaded PDF is not the one whose hash is published")
	}

	t.Run("PDF text", func(t *testing.T) {
		text := pdfToText(t, pdf)
		for _, want := range []string{n.Owner.Name, n.Owner.USCC, n.Agency.Name, n.Agency.USCC, "¥10,001.10", "人民币壹万零壹元壹角整",
			fmt.Sprintf("30日，自%s起至%s止", n.PeriodStart, n.PeriodEnd), "环境影响报告表及环境影响报告书（表）编制审批意见", market.OCIDFor(p.ID) + "-contract",
			"武汉某某制造有限公司委托湖北某环境咨询有限公司，价款壹万零壹元壹角整，期限至" + n.PeriodEnd, investment} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF text lacks %q:\n%s", want, text)
			}
		}
	})

	t.Run("audit", func(t *testing.T) {
		if c := app.count(fmt.Sprintf(`SELECT count(*) FROM audit_log WHERE action = 'contract.signed' AND subject_id = '%d'
			AND summary LIKE '%%terms_hash%%'`, p.ID)); c != 1 {
			t.Errorf("the first signature's audit entry lacks the terms hash (%d rows)", c)
		}
		if c := app.count(fmt.Sprintf(`SELECT count(*) FROM audit_log WHERE action = 'contract.signed' AND subject_id = '%d'
			AND summary LIKE '%%%s%%' AND summary LIKE '%%%s%%'`, p.ID, n.DocumentSHA256, n.Signature)); c != 1 {
			t.Errorf("the second signature's audit entry lacks the PDF hash and signature (%d rows)", c)
		}
	})

	t.Run("verify-contract", func(t *testing.T) {
		dir := t.TempDir()
		good := filepath.Join(dir, "contract.pdf")
		if err := os.WriteFile(good, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := api.VerifyContractCommand(context.Background(), []string{good, "-url", app.URL + pp(p.ID, "/contract/signature")}, &out); err != nil {
			t.Fatalf("intact contract: %v\n%s", err, out.String())
		}
		tampered := bytes.Clone(pdf)
		tampered[len(tampered)/2] ^= 0x20
		bad := filepath.Join(dir, "tampered.pdf")
		if err := os.WriteFile(bad, tampered, 0o600); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := api.VerifyContractCommand(context.Background(), []string{bad, "-url", app.URL + pp(p.ID, "/contract/document")}, &out); err == nil {
			t.Fatalf("a tampered contract verified:\n%s", out.String())
		}
		// A notice saved earlier serves offline; a key not the platform's fails.
		saved := filepath.Join(dir, "notice.json")
		b, _ := json.Marshal(n)
		if err := os.WriteFile(saved, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := api.VerifyContractCommand(context.Background(), []string{"-url", saved, good}, &out); err != nil {
			t.Fatalf("saved notice: %v", err)
		}
		other, _ := domain.NewSigner(domain.GenerateSigningSeed())
		if err := api.VerifyContractCommand(context.Background(), []string{good, "-url", saved, "-public-key", other.PublicKey()}, &out); err == nil {
			t.Fatal("the contract verified with another key")
		}
	})

	t.Run("OCDS contracts[].documents", func(t *testing.T) {
		_, recordSchema := ocdsSchemas(t)
		r := app.do("GET", "/api/v1/ocds/records/"+market.OCIDFor(p.ID), "", nil)
		app.expect(r, 200, "")
		validateOCDS(t, recordSchema, r.Body, "record")
		var pkg opendata.OCDSRecordPackage
		r.decode(t, &pkg)
		cs := pkg.Records[0].CompiledRelease.Contracts
		if len(cs) != 1 || len(cs[0].Documents) != 1 {
			t.Fatalf("contracts %+v", cs)
		}
		d := cs[0].Documents[0]
		if d.DocumentType != "contractSigned" || d.Format != "application/pdf" || !strings.HasSuffix(d.URL, pp(p.ID, "/contract/document")) ||
			!strings.Contains(d.Description, n.DocumentSHA256) || !strings.Contains(d.Description, n.Signature) {
			t.Errorf("document %+v", d)
		}
	})

	t.Run("immutable", func(t *testing.T) {
		if err := storagetestExecErr(app.testApp, fmt.Sprintf("UPDATE contracts SET document_signature = 'x' WHERE project_id = %d", p.ID)); err == nil {
			t.Error("the signed contract's signature could be changed")
		}
	})
}
