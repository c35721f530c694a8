package web

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain/market"
)

// avoidRow is one avoid-list row of the project form, as typed: the
// agency's name or USCC (never its number), a reason picked from the fixed
// set, and the public text. ID is the agency the name resolved to.
type avoidRow struct {
	AgencyID, ReasonCode, Reason string
	ID                           int64
}

// resolveAvoidRows finds the agency each row names; a name that matches
// none, or several, is refused beside the list with what was typed.
func (p *Portal) resolveAvoidRows(ctx context.Context, v *page, f *projectForm) {
	for i := range f.Avoid {
		r := &f.Avoid[i]
		if r.AgencyID == "" {
			continue
		}
		ref, candidates, err := p.market.Agencies().Resolve(ctx, "avoid", r.AgencyID)
		if err != nil {
			msg := v.errorText(err)
			for _, c := range candidates {
				msg += "；" + c.Name + "（" + c.USCC + "）"
			}
			f.Errors["avoid"] = msg
			continue
		}
		r.AgencyID, r.ID = ref.Name, ref.ID
	}
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
	for len(rows) < max(market.AvoidMinAllowance, atLeast) {
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
