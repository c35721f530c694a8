package domain

import (
	"context"
	"strconv"
	"time"
)

// AuctionBid is one accepted bid of a live reverse auction (降价竞价). Its
// price is public; the bidder is shown only by its anonymous number.
type AuctionBid struct {
	ID        int64
	ProjectID int64
	AgencyID  int64
	BidderNo  int
	Price     Money
	At        time.Time
	Seq       int
}

// BidderLabel is the anonymous public name of bidder n on one project.
func BidderLabel(n int) string { return "竞价人 " + strconv.Itoa(n) }

// Auction event kinds.
const (
	AuctionEventBid    = "bid"
	AuctionEventClosed = "closed"
)

// AuctionEvent is what every replica's stream subscribers receive after an
// auction changes: a bid was accepted, or the auction closed or was cancelled.
type AuctionEvent struct {
	ProjectID  int64     `json:"project_id"`
	Kind       string    `json:"kind"`
	Status     string    `json:"status"`
	Seq        int       `json:"seq,omitempty"`
	Bidder     string    `json:"bidder,omitempty"`
	Price      *Money    `json:"price,omitempty"`
	BestPrice  *Money    `json:"best_price"`
	Bids       int       `json:"bids"`
	Extensions int       `json:"extensions"`
	ClosesAt   time.Time `json:"closes_at"`
	At         time.Time `json:"at"`
}

// AuctionFeed delivers auction events published by any replica (storage
// implements it with PostgreSQL LISTEN/NOTIFY). Subscribe returns a channel
// of the project's events and a function that ends the subscription.
type AuctionFeed interface {
	Subscribe(projectID int64) (<-chan AuctionEvent, func())
}

// AuctionHistoryEntry is one public line of an auction's price history.
type AuctionHistoryEntry struct {
	Seq    int       `json:"seq"`
	Bidder string    `json:"bidder"`
	Price  Money     `json:"price"`
	At     time.Time `json:"at"`
}

// AuctionState is the public state of a reverse auction.
type AuctionState struct {
	ProjectID    int64                 `json:"project_id"`
	Status       string                `json:"status"`
	CeilingPrice Money                 `json:"ceiling_price"`
	MinStep      Money                 `json:"min_step"`
	BestPrice    *Money                `json:"best_price"`
	Bids         int                   `json:"bids"`
	Extensions   int                   `json:"extensions"`
	MaxExtension int                   `json:"max_extensions"`
	ClosesAt     time.Time             `json:"closes_at"`
	History      []AuctionHistoryEntry `json:"history"`
	// MyBidder is the caller's own anonymous label, when it has bid.
	MyBidder string `json:"my_bidder,omitempty"`
}

// PlaceAuctionBid records a reverse-auction bid. Bids serialise on the
// project row (FOR UPDATE), so each sees the true current best: it must
// undercut it (the ceiling for the first bid) by at least the minimum step.
// A bid in the last AuctionExtension before closes_at extends it by that
// much, at most AuctionMaxExtensions times. The agency's row in bids keeps
// its latest price for the close and the award. client, when given, is recorded as supervision evidence (docs/risk.md).
func (m *Marketplace) PlaceAuctionBid(ctx context.Context, actor Actor, projectID int64, price Money, client ...BidClient) (*AuctionState, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	err := m.Store.InBidTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockUpdate)
		if err != nil {
			return err
		}
		if !p.IsAuction() {
			return ErrNotAuction
		}
		bidder, err := checkBidder(ctx, s, actor, p, now, true)
		if err != nil {
			return err
		}
		ref := *p.CeilingPrice
		if p.BestPrice != nil {
			ref = *p.BestPrice
		}
		if price <= 0 {
			return FieldError("price", "price_not_positive", "The price must be above zero.")
		}
		if max := ref - *p.MinStep; price > max {
			return Errorf(ECONFLICT, "price_not_below_best", "The bid must be at most %s: the current best (or ceiling) %s less the minimum step %s.", max, ref, *p.MinStep)
		}
		no := bidder.AuctionNo
		ab := &AuctionBid{ProjectID: p.ID, AgencyID: actor.ID, BidderNo: no, Price: price, At: now, Seq: p.AuctionBids + 1}
		evAction, cl := EvidenceSubmit, BidClient{}
		if bidder.BidStatus != "" {
			evAction = EvidenceRevise
		}
		if len(client) > 0 {
			cl = client[0]
		}
		p.BestPrice, p.AuctionBids = &price, ab.Seq
		if p.ClosesAt.Sub(now) <= m.Periods.AuctionExtension && p.Extensions < m.Periods.AuctionMaxExtensions {
			p.ClosesAt, p.Extensions = p.ClosesAt.Add(m.Periods.AuctionExtension), p.Extensions+1
		}
		ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventBid, Status: p.Status, Seq: ab.Seq, Bidder: BidderLabel(no),
			Price: &price, BestPrice: &price, Bids: ab.Seq, Extensions: p.Extensions, ClosesAt: p.ClosesAt, At: now}
		// Auction prices are public by design; the agency stays anonymous
		// in the event, and is named only in the audit row.
		_, err = s.RecordBid(ctx, BidWrite{
			Bid: &Bid{ProjectID: p.ID, AgencyID: actor.ID, Price: price, ServiceDays: p.ServiceDays,
				Status: BidSubmitted, SubmittedAt: now, UpdatedAt: now},
			Evidence: NewBidEvidence(actor, p.ID, evAction, cl, "", now),
			Audit: NewAudit(actor, "auction.bid", "project", projectSubject(p.ID),
				map[string]any{"seq": ab.Seq, "price": price, "closes_at": p.ClosesAt, "extensions": p.Extensions}),
			Auction: &AuctionWrite{Bid: ab, Project: p, Event: ev}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return m.GetAuction(ctx, actor, projectID)
}

// GetAuction returns the public state of a reverse auction.
func (m *Marketplace) GetAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, error) {
	// The state needs no avoid list: the lighter read of the bid path.
	p, _, err := m.Store.LockProjectForBid(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	if !p.IsAuction() {
		return nil, ErrNotAuction
	}
	bids, err := m.Store.FindAuctionBids(ctx, projectID)
	if err != nil {
		return nil, err
	}
	st := &AuctionState{ProjectID: p.ID, Status: p.Status, CeilingPrice: *p.CeilingPrice, MinStep: *p.MinStep,
		BestPrice: p.BestPrice, Bids: p.AuctionBids, Extensions: p.Extensions, MaxExtension: m.Periods.AuctionMaxExtensions,
		ClosesAt: p.ClosesAt, History: make([]AuctionHistoryEntry, 0, len(bids))}
	for _, b := range bids {
		st.History = append(st.History, AuctionHistoryEntry{Seq: b.Seq, Bidder: BidderLabel(b.BidderNo), Price: b.Price, At: b.At})
		if actor.Role == RoleAgency && b.AgencyID == actor.ID {
			st.MyBidder = BidderLabel(b.BidderNo)
		}
	}
	return st, nil
}

// ErrStreamUnavailable answers a stream request on a replica wired without a feed.
var ErrStreamUnavailable = &Error{Code: ECONFLICT, Reason: "auction_stream_unavailable", Message: "Live auction updates are not available on this server; poll GET /api/v1/projects/{id}/auction."}

// SubscribeAuction returns the auction's current state and a subscription to
// its later events, for the server-sent-event stream.
func (m *Marketplace) SubscribeAuction(ctx context.Context, actor Actor, projectID int64) (*AuctionState, <-chan AuctionEvent, func(), error) {
	if m.Auctions == nil {
		return nil, nil, nil, ErrStreamUnavailable
	}
	// Subscribe first so that no event falls between the snapshot and the feed.
	ch, cancel := m.Auctions.Subscribe(projectID)
	st, err := m.GetAuction(ctx, actor, projectID)
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return st, ch, cancel, nil
}
