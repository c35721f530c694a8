package domain

import (
	"context"

	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// PageStore reads, in one statement each, the rows a list attaches to its
// items (a page costs the same number of statements whatever its length).
type PageStore interface {
	// FindProjectsByIDs reads the projects among ids, whatever their state,
	// by id; ids with no project are left out.
	FindProjectsByIDs(ctx context.Context, ids []int64) (map[int64]*market.Project, error)
	// FindViolationsByIDs reads the violations among ids, by id.
	FindViolationsByIDs(ctx context.Context, ids []int64) (map[int64]*credit.Violation, error)
	// FindNoticeDocumentsOf reads the notice documents of each project
	// among ids, each project's in FindNoticeDocuments' order.
	FindNoticeDocumentsOf(ctx context.Context, ids []int64) (map[int64][]*market.NoticeDocument, error)
	// FindAmendmentsOf reads the amendments of each project among ids, each
	// project's in FindAmendments' order.
	FindAmendmentsOf(ctx context.Context, ids []int64) (map[int64][]*market.Amendment, error)
}
