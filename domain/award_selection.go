package domain

import (
	"context"

	"marketplace/domain/market"
)

// The selection's input, its refusals and the score check live in
// domain/market, with the use case (market.PostAward.Select).

// Select records the owner's selection on an evaluating project
// (market.PostAward.Select) and returns the project as the public sees it.
func (m *Marketplace) Select(ctx context.Context, actor Actor, projectID int64, in market.SelectionInput) (*market.Project, error) {
	p, err := m.PostAward().Select(ctx, actor, projectID, in)
	if err != nil {
		return nil, err
	}
	return m.publicView(p), nil
}
