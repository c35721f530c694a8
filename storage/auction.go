package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"marketplace/domain"
)

// auctionChannel is the PostgreSQL NOTIFY channel of auction events.
const auctionChannel = "auction_events"

// AuctionBidderNo implements domain.ProjectStore. The caller holds the
// project row FOR UPDATE, so two first bids cannot take the same number.
func (s *DB) AuctionBidderNo(ctx context.Context, projectID, agencyID int64) (int, error) {
	var no int
	err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(
		(SELECT bidder_no FROM auction_bids WHERE project_id = ? AND agency_id = ? LIMIT 1),
		(SELECT COALESCE(max(bidder_no), 0) + 1 FROM auction_bids WHERE project_id = ?))`,
		projectID, agencyID, projectID).Scan(&no).Error
	if err != nil {
		return 0, fmt.Errorf("storage: auction bidder number %d/%d: %w", projectID, agencyID, err)
	}
	return no, nil
}

// CreateAuctionBid implements domain.ProjectStore.
func (s *DB) CreateAuctionBid(ctx context.Context, b *domain.AuctionBid) error {
	err := s.db.WithContext(ctx).Raw(`INSERT INTO auction_bids (project_id, agency_id, price_fen, at, seq, bidder_no)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, b.ProjectID, b.AgencyID, int64(b.Price), b.At, b.Seq, b.BidderNo).Scan(&b.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create auction bid %d/%d: %w", b.ProjectID, b.Seq, err)
	}
	return nil
}

// FindAuctionBids implements domain.ProjectStore. Every accepted auction
// bid answers with the whole history, so the rows are scanned by hand.
func (s *DB) FindAuctionBids(ctx context.Context, projectID int64) ([]*domain.AuctionBid, error) {
	rows, err := s.db.Statement.ConnPool.QueryContext(ctx, `SELECT id, project_id, agency_id, price_fen, bidder_no, seq, at
		FROM auction_bids WHERE project_id = $1 ORDER BY seq`, projectID)
	if err != nil {
		return nil, fmt.Errorf("storage: find auction bids of %d: %w", projectID, outage(err))
	}
	defer rows.Close()
	var out []*domain.AuctionBid
	for rows.Next() {
		b := &domain.AuctionBid{}
		var price int64
		if err := rows.Scan(&b.ID, &b.ProjectID, &b.AgencyID, &price, &b.BidderNo, &b.Seq, &b.At); err != nil {
			return nil, fmt.Errorf("storage: find auction bids of %d: %w", projectID, outage(err))
		}
		b.Price, b.At = domain.Money(price), b.At.UTC()
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: find auction bids of %d: %w", projectID, outage(err))
	}
	return out, nil
}

// NotifyAuction implements domain.ProjectStore with pg_notify: PostgreSQL
// delivers the notification to every listening replica when (and only if)
// the transaction commits.
func (s *DB) NotifyAuction(ctx context.Context, ev domain.AuctionEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("storage: encode auction event: %w", err)
	}
	if err := s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", auctionChannel, string(b)).Error; err != nil {
		return fmt.Errorf("storage: notify auction %d: %w", ev.ProjectID, err)
	}
	return nil
}
