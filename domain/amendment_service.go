package domain

import (
	"context"

	"marketplace/domain/market"
)

// AmendProject publishes an amendment (更正公告) of the owner's project in
// bidding (market.Notices.AmendProject).
func (m *Marketplace) AmendProject(ctx context.Context, actor Actor, projectID int64, in AmendmentInput) (*Amendment, error) {
	return m.notices().AmendProject(ctx, actor, projectID, in)
}

// AmendmentKind is the notification kind of an amendment (market).
const AmendmentKind = market.AmendmentKind

// Amendments lists a project's amendments, oldest first.
func (m *Marketplace) Amendments(ctx context.Context, actor Actor, projectID int64) ([]*Amendment, error) {
	return m.notices().Amendments(ctx, actor, projectID)
}

// RecentAmendments pages every published amendment, newest first (the
// 更正公告 list).
func (m *Marketplace) RecentAmendments(ctx context.Context, p Page) (List[*Amendment], error) {
	return m.notices().RecentAmendments(ctx, p)
}
