package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// The avoid list's reasons, limits and checks of its own are in
// domain/market (avoid.go); what needs the store (the project's field, the
// agencies named) stays here.

// projectField counts the agencies that could bid on p at now. The store
// lists the agencies offering the item; EligibilityError alone decides, so
// every way of shrinking the field (a qualification few hold, affiliations,
// suspensions, the avoid list) counts the same way a bid is judged.
func projectField(ctx context.Context, s Store, p *market.Project, now time.Time) (market.Field, error) {
	facts, err := s.FindItemAgencyFacts(ctx, p, now)
	if err != nil {
		return market.Field{}, err
	}
	avoided := make(map[int64]bool, len(p.Avoid))
	for _, a := range p.Avoid {
		avoided[a.AgencyID] = true
	}
	var f market.Field
	for _, fa := range facts {
		fa.Avoided = false
		if market.EligibilityError(p, fa, now) != nil {
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
func checkAvoidList(ctx context.Context, s Store, p *market.Project, now time.Time) (market.Field, error) {
	if len(p.Avoid) > 0 {
		ids := make([]int64, len(p.Avoid))
		for i, a := range p.Avoid {
			ids[i] = a.AgencyID
		}
		ok, err := s.AgenciesExist(ctx, ids)
		if err != nil {
			return market.Field{}, err
		}
		for _, id := range ids {
			if !ok[id] {
				return market.Field{}, FieldError("avoid", "avoid_not_agency", "Account %d on the avoid list is not an agency.", id)
			}
		}
	}
	return projectField(ctx, s, p, now)
}
