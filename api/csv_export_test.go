package api_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"testing"
)

// utf8BOM starts every CSV export so that Excel reads the file as UTF-8.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// csvRows checks the BOM and parses the rest of an export.
func csvRows(t *testing.T, body []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(body, utf8BOM) {
		t.Fatalf("export does not start with a UTF-8 BOM: % x", body[:min(len(body), 8)])
	}
	rows, err := csv.NewReader(bytes.NewReader(body[len(utf8BOM):])).ReadAll()
	if err != nil {
		t.Fatalf("export is not CSV: %v\n%s", err, body)
	}
	return rows
}

// TestCSVExports_SafeInASpreadsheet: a cell a spreadsheet would run as a
// formula (= + - @, tab, CR first) is written with a leading ' in every
// export, and every export starts with a UTF-8 BOM.
func TestCSVExports_SafeInASpreadsheet(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	formula := `=HYPERLINK("http://evil.example","详情")`
	id, _ := w.register("agency", formula)
	plus, _ := w.register("agency", "+86咨询有限公司")
	at, _ := w.register("agency", "@SUM(A1)咨询有限公司")
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET region = E'\\t湖北省' WHERE account_id = %d", id))
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET region = E'\\r湖北省' WHERE account_id = %d", plus))
	storagetestExec(t, w.testApp, fmt.Sprintf("UPDATE agency_profiles SET region = '-1+1' WHERE account_id = %d", at))

	t.Run("credit monitor", func(t *testing.T) {
		r := w.do("GET", "/api/v1/credit/monitor?format=csv", w.admin, nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		rows := csvRows(t, r.Body)
		if len(rows) == 0 || rows[0][0] != "agency_id" {
			t.Fatalf("header %q", rows)
		}
		want := map[string][2]string{
			fmt.Sprint(id):   {"'" + formula, "'\t湖北省"},
			fmt.Sprint(plus): {"'+86咨询有限公司", "'\r湖北省"},
			fmt.Sprint(at):   {"'@SUM(A1)咨询有限公司", "'-1+1"},
		}
		for _, row := range rows[1:] {
			if c, ok := want[row[0]]; ok {
				if row[1] != c[0] || row[2] != c[1] {
					t.Errorf("row %q: name, region = %q, %q; want %q, %q", row[0], row[1], row[2], c[0], c[1])
				}
				delete(want, row[0])
			}
		}
		if len(want) > 0 {
			t.Errorf("rows missing: %v", want)
		}
	})
	t.Run("statistics", func(t *testing.T) {
		r := w.do("GET", "/api/v1/stats?format=csv", "", nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		rows := csvRows(t, r.Body)
		if !slices.ContainsFunc(rows, func(row []string) bool {
			return slices.Equal(row, []string{"agencies_by_region", "'-1+1", "'-1+1", "1"})
		}) {
			t.Errorf("no neutralised region row in %q", rows)
		}
		if !slices.ContainsFunc(rows, func(row []string) bool {
			return slices.Equal(row, []string{"agencies_by_region", "'\t湖北省", "'\t湖北省", "1"})
		}) {
			t.Errorf("no neutralised tab row in %q", rows)
		}
	})
}
