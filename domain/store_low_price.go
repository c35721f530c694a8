package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// LowPriceStore persists abnormally low bids and the per-item rule.
type LowPriceStore interface {
	// FindLowPriceRule returns the item's override, or nil for the default.
	FindLowPriceRule(ctx context.Context, itemCode string) (*market.LowPriceRule, error)
	// SetLowPriceRule sets (nil: clears) the item's override; ENOTFOUND
	// when the item does not exist.
	SetLowPriceRule(ctx context.Context, itemCode string, r *market.LowPriceRule) error
	// CreateLowPriceBids inserts the low prices found at a batch of
	// closes, in one statement for the usual batch.
	CreateLowPriceBids(ctx context.Context, ls []*market.LowPriceBid) error
	// FindLowPriceBids lists the project's low bids by bid id, locked FOR
	// UPDATE when lock is set.
	FindLowPriceBids(ctx context.Context, projectID int64, lock bool) ([]*market.LowPriceBid, error)
	// UpdateLowPriceBid writes l when its stored status is still from, and
	// returns ErrStatusChanged otherwise.
	UpdateLowPriceBid(ctx context.Context, l *market.LowPriceBid, from string) error
	// FindLowPriceOffenders lists agencies with at least min low prices
	// rejected or missing decided since since, with their projects' most
	// frequent region.
	FindLowPriceOffenders(ctx context.Context, since time.Time, min int) ([]LowPriceOffender, error)
}

// LowPriceOffender is an agency repeatedly rejected for low prices.
type LowPriceOffender struct {
	AgencyID   int64
	Rejections int
	ProjectIDs []int64
	Region     string
}
