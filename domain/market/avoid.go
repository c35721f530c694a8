package market

import (
	"strings"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Avoid reasons (回避事由): the fixed set of conflicts of interest an owner
// may name. The avoid list is for conflicts, not for narrowing the field.
const (
	// AvoidAffiliation: the agency is affiliated with the owner (隶属、挂靠、
	// 人员交叉).
	AvoidAffiliation = "affiliation"
	// AvoidPriorInvolvement: the agency already worked on the same
	// investment project (前期参与同一投资项目).
	AvoidPriorInvolvement = "prior_involvement"
	// AvoidKinshipShareholding: kinship or shareholding with the owner or its
	// staff (亲属、持股关系).
	AvoidKinshipShareholding = "kinship_shareholding"
	// AvoidOther: any other conflict, explained in the text.
	AvoidOther = "other"
)

// AvoidReasonCodes lists the reasons in the order forms offer them.
var AvoidReasonCodes = []string{AvoidAffiliation, AvoidPriorInvolvement, AvoidKinshipShareholding, AvoidOther}

// Avoid-list limits: a project avoids at most AvoidMaxSharePercent of the
// agencies that could bid on it, or AvoidMinAllowance agencies, whichever is
// more (SPEC §3); AvoidReasonMaxRunes bounds the published text.
const (
	AvoidMaxSharePercent = 10
	AvoidMinAllowance    = 3
	AvoidReasonMinRunes  = 2
	AvoidReasonMaxRunes  = 500
	// AvoidMaxEntries bounds one list whatever the field (a request size limit).
	AvoidMaxEntries = 100
)

// IsAvoidReason reports whether code is one of the fixed avoid reasons.
func IsAvoidReason(code string) bool {
	for _, c := range AvoidReasonCodes {
		if c == code {
			return true
		}
	}
	return false
}

// AvoidAllowance is how many agencies a project whose field counts field
// agencies may avoid.
func AvoidAllowance(field int) int {
	return max(AvoidMinAllowance, field*AvoidMaxSharePercent/100)
}

// normalizeAvoid checks the entries of an avoid list on their own: an
// agency, a reason from the fixed set (an entry without one predates the
// set and is read as "other", whose text is required), no agency twice.
func normalizeAvoid(in []Avoid) ([]Avoid, error) {
	if len(in) > AvoidMaxEntries {
		return nil, kernel.FieldError("avoid", "avoid_too_long", "The avoid list names at most %d agencies.", AvoidMaxEntries)
	}
	out := []Avoid{}
	seen := map[int64]bool{}
	for _, a := range in {
		a.Reason = strings.TrimSpace(a.Reason)
		a.ReasonCode = strings.TrimSpace(a.ReasonCode)
		if a.AgencyID <= 0 {
			return nil, kernel.FieldError("avoid", "avoid_agency", "Each avoided agency needs its agency_id.")
		}
		if a.ReasonCode == "" {
			a.ReasonCode = AvoidOther
		}
		if !IsAvoidReason(a.ReasonCode) {
			return nil, kernel.FieldError("avoid", "avoid_reason_unknown", "The avoid reason of agency %d must be one of %s.",
				a.AgencyID, strings.Join(AvoidReasonCodes, ", "))
		}
		n := utf8.RuneCountInString(a.Reason)
		if (a.ReasonCode == AvoidOther && n < AvoidReasonMinRunes) || n > AvoidReasonMaxRunes {
			return nil, kernel.FieldError("avoid", "avoid_reason_required", "Each avoided agency needs a reason; \"other\" needs a public text of %d to %d characters (agency %d).",
				AvoidReasonMinRunes, AvoidReasonMaxRunes, a.AgencyID)
		}
		if seen[a.AgencyID] {
			return nil, kernel.FieldError("avoid", "avoid_duplicate", "Agency %d is named twice in the avoid list.", a.AgencyID)
		}
		seen[a.AgencyID] = true
		out = append(out, Avoid{AgencyID: a.AgencyID, ReasonCode: a.ReasonCode, Reason: a.Reason})
	}
	return out, nil
}

// Field is who could bid on a project: Open counts the agencies eligible
// before the avoid list, Eligible those still eligible after it.
type Field struct {
	Open     int
	Eligible int
}

// CheckAvoidShare refuses an avoid list longer than the field allows
// (AvoidAllowance of the agencies that could bid before it).
func (p *Project) CheckAvoidShare(f Field) error {
	if allowed := AvoidAllowance(f.Open); len(p.Avoid) > allowed {
		e := kernel.FieldError("avoid", "avoid_too_many", "The avoid list names %d agencies; %d agencies could bid, so at most %d may be avoided (%d%%, or %d, whichever is more).",
			len(p.Avoid), f.Open, allowed, AvoidMaxSharePercent, AvoidMinAllowance)
		e.Params = map[string]any{"Count": len(p.Avoid), "Open": f.Open, "Allowed": allowed}
		return e
	}
	return nil
}

// CheckFieldWide refuses to publish a project fewer than min_bids agencies
// could bid on: it would fail by construction, or be handed to the few.
func (p *Project) CheckFieldWide(f Field) error {
	if f.Eligible < p.MinBids {
		e := kernel.Errorf(kernel.EINVALID, "field_too_narrow", "Only %d agencies could bid on this project, fewer than its minimum of %d bids; widen the field (avoid list) or lower min_bids.",
			f.Eligible, p.MinBids)
		e.Params = map[string]any{"Eligible": f.Eligible, "MinBids": p.MinBids}
		return e
	}
	return nil
}
