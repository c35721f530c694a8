package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"marketplace/domain"
	"marketplace/domain/market"
)

// auctionChannel is the PostgreSQL NOTIFY channel of auction events.
const auctionChannel = "auction_events"

// auctionHistorySQL reads an auction's bids in order.
const auctionHistorySQL = `SELECT id, project_id, agency_id, price_fen, bidder_no, seq, at
	FROM auction_bids WHERE project_id = $1 ORDER BY seq`

// scanAuctionBids reads the rows of auctionHistorySQL (database/sql's or
// pgx's). Every accepted auction bid answers with the whole history, so
// the rows are scanned by hand.
func scanAuctionBids(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
}) ([]*market.AuctionBid, error) {
	var out []*market.AuctionBid
	for rows.Next() {
		b := &market.AuctionBid{}
		var price int64
		if err := rows.Scan(&b.ID, &b.ProjectID, &b.AgencyID, &price, &b.BidderNo, &b.Seq, &b.At); err != nil {
			return nil, err
		}
		b.Price, b.At = domain.Money(price), b.At.UTC()
		out = append(out, b)
	}
	return out, rows.Err()
}

// FindAuctionBids implements domain.ProjectStore.
func (s *DB) FindAuctionBids(ctx context.Context, projectID int64) ([]*market.AuctionBid, error) {
	rows, err := s.db.Statement.ConnPool.QueryContext(ctx, auctionHistorySQL, projectID)
	if err != nil {
		return nil, fmt.Errorf("storage: find auction bids of %d: %w", projectID, outage(err))
	}
	defer rows.Close()
	out, err := scanAuctionBids(rows)
	if err != nil {
		return nil, fmt.Errorf("storage: find auction bids of %d: %w", projectID, outage(err))
	}
	return out, nil
}

// NotifyAuction implements domain.ProjectStore with pg_notify: PostgreSQL
// delivers the notification to every listening replica when (and only if)
// the transaction commits.
func (s *DB) NotifyAuction(ctx context.Context, ev market.AuctionEvent) error {
	b, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("storage: encode auction event: %w", err)
	}
	if err := s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", auctionChannel, string(b)).Error; err != nil {
		return fmt.Errorf("storage: notify auction %d: %w", ev.ProjectID, err)
	}
	return nil
}
