package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// The avoid list's reasons, limits and checks of its own are in
// domain/market (avoid.go); what needs the store (the project's field, the
// agencies named) stays here.

// Avoid reasons (回避事由, market).
const (
	AvoidAffiliation         = market.AvoidAffiliation
	AvoidPriorInvolvement    = market.AvoidPriorInvolvement
	AvoidKinshipShareholding = market.AvoidKinshipShareholding
	AvoidOther               = market.AvoidOther
)

// AvoidReasonCodes lists the reasons in the order forms offer them (market).
var AvoidReasonCodes = market.AvoidReasonCodes

// Avoid-list limits (market).
const (
	AvoidMaxSharePercent = market.AvoidMaxSharePercent
	AvoidMinAllowance    = market.AvoidMinAllowance
	AvoidReasonMinRunes  = market.AvoidReasonMinRunes
	AvoidReasonMaxRunes  = market.AvoidReasonMaxRunes
	AvoidMaxEntries      = market.AvoidMaxEntries
)

// Field is who could bid on a project (market).
type Field = market.Field

// IsAvoidReason reports whether code is one of the fixed avoid reasons (market).
func IsAvoidReason(code string) bool { return market.IsAvoidReason(code) }

// AvoidAllowance is how many agencies a project whose field counts field
// agencies may avoid (market).
func AvoidAllowance(field int) int { return market.AvoidAllowance(field) }

// projectField counts the agencies that could bid on p at now. The store
// lists the agencies offering the item; EligibilityError alone decides, so
// every way of shrinking the field (a qualification few hold, affiliations,
// suspensions, the avoid list) counts the same way a bid is judged.
func projectField(ctx context.Context, s Store, p *Project, now time.Time) (Field, error) {
	facts, err := s.FindItemAgencyFacts(ctx, p, now)
	if err != nil {
		return Field{}, err
	}
	avoided := make(map[int64]bool, len(p.Avoid))
	for _, a := range p.Avoid {
		avoided[a.AgencyID] = true
	}
	var f Field
	for _, fa := range facts {
		fa.Avoided = false
		if EligibilityError(p, fa, now) != nil {
			continue
		}
		f.Open++
		if !avoided[fa.AgencyID] {
			f.Eligible++
		}
	}
	return f, nil
}

// checkAvoidList checks that every entry of the avoid list is an agency and
// returns the project's field, read once for the rules below.
func checkAvoidList(ctx context.Context, s Store, p *Project, now time.Time) (Field, error) {
	if len(p.Avoid) > 0 {
		ids := make([]int64, len(p.Avoid))
		for i, a := range p.Avoid {
			ids[i] = a.AgencyID
		}
		ok, err := s.AgenciesExist(ctx, ids)
		if err != nil {
			return Field{}, err
		}
		for _, id := range ids {
			if !ok[id] {
				return Field{}, FieldError("avoid", "avoid_not_agency", "Account %d on the avoid list is not an agency.", id)
			}
		}
	}
	return projectField(ctx, s, p, now)
}
