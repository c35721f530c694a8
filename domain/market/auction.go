package market

import (
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// AuctionBid is one accepted bid of a live reverse auction (降价竞价). Its
// price is public; the bidder is shown only by its anonymous number.
type AuctionBid struct {
	ID        int64
	ProjectID int64
	AgencyID  int64
	BidderNo  int
	Price     kernel.Money
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
	ProjectID  int64         `json:"project_id"`
	Kind       string        `json:"kind"`
	Status     string        `json:"status"`
	Seq        int           `json:"seq,omitempty"`
	Bidder     string        `json:"bidder,omitempty"`
	Price      *kernel.Money `json:"price,omitempty"`
	BestPrice  *kernel.Money `json:"best_price"`
	Bids       int           `json:"bids"`
	Extensions int           `json:"extensions"`
	ClosesAt   time.Time     `json:"closes_at"`
	At         time.Time     `json:"at"`
}

// AuctionHistoryEntry is one public line of an auction's price history.
type AuctionHistoryEntry struct {
	Seq    int          `json:"seq"`
	Bidder string       `json:"bidder"`
	Price  kernel.Money `json:"price"`
	At     time.Time    `json:"at"`
}

// AuctionState is the public state of a reverse auction.
type AuctionState struct {
	ProjectID    int64                 `json:"project_id"`
	Status       string                `json:"status"`
	CeilingPrice kernel.Money          `json:"ceiling_price"`
	MinStep      kernel.Money          `json:"min_step"`
	BestPrice    *kernel.Money         `json:"best_price"`
	Bids         int                   `json:"bids"`
	Extensions   int                   `json:"extensions"`
	MaxExtension int                   `json:"max_extensions"`
	ClosesAt     time.Time             `json:"closes_at"`
	History      []AuctionHistoryEntry `json:"history"`
	// MyBidder is the caller's own anonymous label, when it has bid.
	MyBidder string `json:"my_bidder,omitempty"`
}

// ErrStreamUnavailable answers a stream request on a replica wired without a feed.
var ErrStreamUnavailable = &kernel.Error{Code: kernel.ECONFLICT, Reason: "auction_stream_unavailable", Message: "Live auction updates are not available on this server; poll GET /api/v1/projects/{id}/auction."}

// CheckAuctionPrice checks the price of the next bid of reverse auction p:
// above zero, and below the current best (the ceiling for the first bid)
// by at least the minimum step.
func CheckAuctionPrice(p *Project, price kernel.Money) error {
	ref := *p.CeilingPrice
	if p.BestPrice != nil {
		ref = *p.BestPrice
	}
	if price <= 0 {
		return kernel.FieldError("price", "price_not_positive", "The price must be above zero.")
	}
	if max := ref - *p.MinStep; price > max {
		return kernel.Errorf(kernel.ECONFLICT, "price_not_below_best", "The bid must be at most %s: the current best (or ceiling) %s less the minimum step %s.", max, ref, *p.MinStep)
	}
	return nil
}

// ExtendAuction extends reverse auction p by extension when a bid at now
// falls within the last extension before it closes, at most maxExtensions
// times.
func ExtendAuction(p *Project, now time.Time, extension time.Duration, maxExtensions int) {
	if p.ClosesAt.Sub(now) <= extension && p.Extensions < maxExtensions {
		p.ClosesAt, p.Extensions = p.ClosesAt.Add(extension), p.Extensions+1
	}
}

// NewAuctionState is the public state of reverse auction p with its
// accepted bids, as viewer sees it (an agency that bid sees its own label).
func NewAuctionState(p *Project, bids []*AuctionBid, maxExtensions int, viewer kernel.Actor) *AuctionState {
	st := &AuctionState{ProjectID: p.ID, Status: p.Status, CeilingPrice: *p.CeilingPrice, MinStep: *p.MinStep,
		BestPrice: p.BestPrice, Bids: p.AuctionBids, Extensions: p.Extensions, MaxExtension: maxExtensions,
		ClosesAt: p.ClosesAt, History: make([]AuctionHistoryEntry, 0, len(bids))}
	for _, b := range bids {
		st.History = append(st.History, AuctionHistoryEntry{Seq: b.Seq, Bidder: BidderLabel(b.BidderNo), Price: b.Price, At: b.At})
		if viewer.Role == kernel.RoleAgency && b.AgencyID == viewer.ID {
			st.MyBidder = BidderLabel(b.BidderNo)
		}
	}
	return st
}
