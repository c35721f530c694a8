package web

import (
	"context"
	"strconv"
	"strings"

	"marketplace/domain/agency"
	"marketplace/domain/credit"
)

// agencyPicker is a form's agency field: a name or USCC typed (with a
// <datalist> of matches filled as one types), resolved on the server to one
// agency. When several match, they are offered to pick from by name; the
// internal id is never typed.
type agencyPicker struct {
	// Field is the form field of the text; Field+"_pick" the candidate chosen.
	Field      string
	Value      string
	Candidates []agency.Ref
	Error      string
}

// eventRefView feeds the event_ref partial: a credit event named by its
// kind, points and date (an appeal or repair queue), never by its number.
type eventRefView struct {
	Page *page
	E    *credit.Event
}

// pickerView feeds the agency_picker partial.
type pickerView struct {
	Page    *page
	LabelID string
	P       agencyPicker
}

// resolveAgencyField reads a picker's text (and the candidate picked after
// an ambiguous answer) and returns the agency's id, or 0 with the picker's
// message and candidates set.
func (p *Portal) resolveAgencyField(ctx context.Context, v *page, field, text, picked string) (int64, agencyPicker) {
	pk := agencyPicker{Field: field, Value: strings.TrimSpace(text)}
	if picked != "" {
		if id, err := strconv.ParseInt(picked, 10, 64); err == nil && id > 0 {
			return id, pk
		}
	}
	ref, candidates, err := p.market.Agencies().Resolve(ctx, field, pk.Value)
	if err != nil {
		pk.Error, pk.Candidates = v.errorText(err), candidates
		return 0, pk
	}
	pk.Value = ref.Name
	return ref.ID, pk
}
