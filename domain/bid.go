package domain

import "marketplace/domain/market"

// The bid, its statuses, the sealed bid's check and the bidding sentinels
// live in domain/market. BidInput stays here: it carries the BidClient of
// domain/supervision, which market may not import.

// Bid statuses (market).
const (
	BidSubmitted = market.BidSubmitted
	BidWithdrawn = market.BidWithdrawn
	BidValid     = market.BidValid
	BidInvalid   = market.BidInvalid
)

// Bid is an agency's one live bid on a project (market).
type Bid = market.Bid

// BidInput is a sealed bid as submitted. ServiceDays 0 means the project's.
type BidInput struct {
	Price       Money
	Proposal    string
	ServiceDays int
	// Client is who sent the request (IP, user agent), recorded as
	// supervision evidence only (docs/risk.md); zero when unknown.
	Client BidClient
}

// Validate checks a sealed bid against the project's published terms
// (market.BidTerms.Validate), trimming the proposal and filling in the
// project's service days as that does.
func (in *BidInput) Validate(p *Project) error {
	t := market.BidTerms{Price: in.Price, Proposal: in.Proposal, ServiceDays: in.ServiceDays}
	err := t.Validate(p)
	in.Price, in.Proposal, in.ServiceDays = t.Price, t.Proposal, t.ServiceDays
	return err
}

// Sentinels of the bidding rules (market).
var (
	ErrProjectNotFound = market.ErrProjectNotFound
	ErrBidNotFound     = market.ErrBidNotFound
	ErrBiddingClosed   = market.ErrBiddingClosed
	ErrNotBidding      = market.ErrNotBidding
	ErrBidsSealed      = market.ErrBidsSealed
	ErrUseAuction      = market.ErrUseAuction
	ErrNotAuction      = market.ErrNotAuction
)
