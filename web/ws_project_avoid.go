package web

import (
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// avoidRow is one avoid-list row of the project form, as typed: the agency
// number, a reason picked from the fixed set, and the public text.
type avoidRow struct {
	AgencyID, ReasonCode, Reason string
}

// avoidRows reads the form's parallel avoid_agency / avoid_reason_code /
// avoid_reason fields; rows left blank are dropped.
func avoidRows(c echo.Context) []avoidRow {
	form, err := c.FormParams()
	if err != nil {
		return nil
	}
	ids, codes, texts := form["avoid_agency"], form["avoid_reason_code"], form["avoid_reason"]
	var out []avoidRow
	for i, id := range ids {
		r := avoidRow{AgencyID: strings.TrimSpace(id)}
		if i < len(codes) {
			r.ReasonCode = codes[i]
		}
		if i < len(texts) {
			r.Reason = strings.TrimSpace(texts[i])
		}
		if r.AgencyID != "" || r.Reason != "" {
			out = append(out, r)
		}
	}
	return out
}

// withBlankAvoidRows pads the rows with one blank row, and up to the
// smallest allowance or atLeast rows, so that a form without JavaScript has
// room to type.
func withBlankAvoidRows(rows []avoidRow, atLeast int) []avoidRow {
	rows = append(rows, avoidRow{})
	for len(rows) < max(domain.AvoidMinAllowance, atLeast) {
		rows = append(rows, avoidRow{})
	}
	return rows
}

// avoidRowsShown is how many rows the submitted form had, blank ones too.
func avoidRowsShown(c echo.Context) int {
	form, err := c.FormParams()
	if err != nil {
		return 0
	}
	return len(form["avoid_agency"])
}
