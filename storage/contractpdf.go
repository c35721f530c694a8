package storage

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"marketplace/domain/contractdoc"
)

// ContractPDF renders electronic contracts (domain.ContractRenderer) with
// fpdf and one CJK TrueType font. fpdf embeds glyf-outline TrueType only
// (not OpenType/CFF such as Noto Sans CJK), and subsets it, so a 4 MB font
// makes PDFs of a few dozen KB.
type ContractPDF struct {
	font []byte
}

// DefaultContractFont is Debian's fonts-droid-fallback (Apache 2.0), a
// TrueType font covering simplified Chinese.
const DefaultContractFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// NewContractPDF reads the font once; a missing or unreadable font is an
// error at start, not at the first signing.
func NewContractPDF(fontPath string) (*ContractPDF, error) {
	b, err := os.ReadFile(fontPath)
	if err != nil {
		return nil, fmt.Errorf("contract font: %w (install fonts-droid-fallback or set CONTRACT_FONT to a CJK TrueType .ttf)", err)
	}
	r := &ContractPDF{font: b}
	// Render once so that a font fpdf cannot read fails now.
	if _, err := r.RenderContract(&contractdoc.Document{Title: "测试", PriceCapitals: "零元整", ServiceDays: 1}); err != nil {
		return nil, fmt.Errorf("contract font %s: %w", fontPath, err)
	}
	return r, nil
}

const (
	contractFontName = "cjk"
	pageMargin       = 20.0 // mm
	lineHeight       = 7.0  // mm
)

// RenderContract lays the document out on A4 pages. The PDF's dates are
// the later signing time, so the same document always renders alike.
func (r *ContractPDF) RenderContract(d *contractdoc.Document) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(pageMargin, pageMargin, pageMargin)
	pdf.SetAutoPageBreak(true, pageMargin)
	pdf.AddUTF8FontFromBytes(contractFontName, "", r.font)
	signed := d.AgencySignedAt
	if d.OwnerSignedAt.After(signed) {
		signed = d.OwnerSignedAt
	}
	pdf.SetCreationDate(signed)
	pdf.SetModificationDate(signed)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(d.Title+" 中介服务合同", true)
	pdf.SetCreator("中介服务网上交易平台", true)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont(contractFontName, "", 9)
		pdf.CellFormat(0, 10, fmt.Sprintf("第 %d 页 / 共 {nb} 页", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	pdf.SetFont(contractFontName, "", 18)
	pdf.CellFormat(0, 12, "中介服务合同", "", 1, "C", false, 0, "")
	pdf.SetFont(contractFontName, "", 10)
	pdf.CellFormat(0, 6, "合同编号："+d.OCID+"-contract", "", 1, "R", false, 0, "")
	pdf.Ln(2)

	pdf.SetFont(contractFontName, "", 11)
	row := func(label, value string) { paragraph(pdf, lineHeight, label+"："+value) }
	row("甲方（委托方）", d.Owner.Name)
	row("甲方统一社会信用代码", d.Owner.USCC)
	row("乙方（中介服务机构）", d.Agency.Name)
	row("乙方统一社会信用代码", d.Agency.USCC)
	row("项目名称", d.Title)
	row("项目编号", strconv.FormatInt(d.ProjectID, 10)+"（"+d.OCID+"）")
	row("服务事项", d.ItemName+"（"+d.ItemCode+"）")
	if d.InvestmentCode != nil && *d.InvestmentCode != "" {
		row("投资项目代码", *d.InvestmentCode)
	}
	row("合同价款（小写）", d.PriceFigures())
	row("合同价款（大写）", "人民币"+d.PriceCapitals)
	row("服务期限", fmt.Sprintf("%d日，自%s起至%s止", d.ServiceDays, d.PeriodStart, d.PeriodEnd))
	row("服务成果", d.Deliverables)
	pdf.Ln(3)

	pdf.SetFont(contractFontName, "", 13)
	pdf.CellFormat(0, 9, "合同条款", "", 1, "L", false, 0, "")
	pdf.SetFont(contractFontName, "", 11)
	paragraph(pdf, lineHeight, d.Terms)
	pdf.Ln(4)

	pdf.SetFont(contractFontName, "", 13)
	pdf.CellFormat(0, 9, "签署", "", 1, "L", false, 0, "")
	pdf.SetFont(contractFontName, "", 11)
	row("甲方在线签署时间", contractdoc.SignedAt(d.OwnerSignedAt))
	row("乙方在线签署时间", contractdoc.SignedAt(d.AgencySignedAt))
	pdf.Ln(2)
	pdf.SetFont(contractFontName, "", 9)
	paragraph(pdf, 5, "本合同由中介服务网上交易平台生成。平台以Ed25519密钥对本文件的SHA-256摘要签名，摘要与签名在项目的合同公示中发布，可离线核验。")

	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		return nil, fmt.Errorf("render contract %d: %w", d.ProjectID, err)
	}
	return out.Bytes(), nil
}

// paragraph writes text over the page width, wrapping it ourselves: fpdf's
// MultiCell and SplitText drop the character at a line break in text
// without spaces (all Chinese), which in a contract would lose a word.
// Chinese wraps between any two characters.
func paragraph(pdf *fpdf.Fpdf, h float64, text string) {
	left, _, right, _ := pdf.GetMargins()
	pageWidth, _ := pdf.GetPageSize()
	width := pageWidth - left - right
	for _, line := range wrapRunes(text, width, pdf.GetStringWidth) {
		pdf.CellFormat(width, h, line, "", 1, "L", false, 0, "")
	}
}

// wrapRunes splits text at its newlines, then each line into pieces no
// wider than width (a single wider character gets a line of its own).
func wrapRunes(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line := []rune{}
		for _, r := range para {
			if len(line) > 0 && measure(string(append(line, r))) > width {
				// Keep a run of Latin letters and digits (a date, an
				// amount, a code) whole: readers and text extraction
				// take a hyphen at a line end for hyphenation.
				cut := len(line)
				if !breakable(r) {
					for cut > 0 && !breakable(line[cut-1]) {
						cut--
					}
					if cut == 0 {
						cut = len(line)
					}
				}
				out = append(out, string(line[:cut]))
				line = append([]rune{}, line[cut:]...)
			}
			line = append(line, r)
		}
		out = append(out, string(line))
	}
	return out
}

// breakable reports whether a line may break next to r: anywhere around a
// Chinese character or a space, never inside a run of other characters.
func breakable(r rune) bool { return r == ' ' || r > unicode.MaxLatin1 }
