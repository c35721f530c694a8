package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Bid statuses.
const (
	BidSubmitted = "submitted"
	BidWithdrawn = "withdrawn"
	BidValid     = "valid"
	BidInvalid   = "invalid"
)

// Bid is an agency's one live bid on a project: a sealed offer, or in a
// reverse auction its latest price.
type Bid struct {
	ID            int64     `json:"id"`
	ProjectID     int64     `json:"project_id"`
	AgencyID      int64     `json:"agency_id"`
	AgencyName    string    `json:"agency_name,omitempty"`
	Price         Money     `json:"price"`
	Proposal      string    `json:"proposal"`
	ServiceDays   int       `json:"service_days"`
	Status        string    `json:"status"`
	InvalidReason string    `json:"invalid_reason,omitempty"`
	SubmittedAt   time.Time `json:"submitted_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	// NeedsConfirmation: placed before an amendment, not yet confirmed or
	// revised; invalid at the close if it stays so.
	NeedsConfirmation bool `json:"needs_confirmation"`
}

// BidInput is a sealed bid as submitted. ServiceDays 0 means the project's.
type BidInput struct {
	Price       Money
	Proposal    string
	ServiceDays int
	// Client is who sent the request (IP, user agent), recorded as
	// supervision evidence only (docs/risk.md); zero when unknown.
	Client BidClient
}

// Validate checks a sealed bid against the project's published terms.
func (in *BidInput) Validate(p *Project) error {
	in.Proposal = strings.TrimSpace(in.Proposal)
	if in.Price <= 0 {
		return FieldError("price", "price_not_positive", "The price must be above zero.")
	}
	if p.CeilingPrice != nil && in.Price > *p.CeilingPrice {
		return FieldError("price", "price_above_ceiling", "The price %s is above the ceiling price %s.", in.Price, *p.CeilingPrice)
	}
	if utf8.RuneCountInString(in.Proposal) > MaxProposalRunes {
		return FieldError("proposal", "proposal_length", "The proposal must be at most %d characters.", MaxProposalRunes)
	}
	if in.ServiceDays == 0 {
		in.ServiceDays = p.ServiceDays
	}
	if in.ServiceDays < 1 || in.ServiceDays > p.ServiceDays {
		return FieldError("service_days", "bid_service_days_range", "service_days must be between 1 and the project's %d days.", p.ServiceDays)
	}
	return nil
}

// Sentinels of the bidding rules.
var (
	ErrProjectNotFound = &Error{Code: ENOTFOUND, Reason: "project_not_found", Message: "Project not found."}
	ErrBidNotFound     = &Error{Code: ENOTFOUND, Reason: "bid_not_found", Message: "You have no bid on this project."}
	ErrBiddingClosed   = &Error{Code: ECONFLICT, Reason: "bidding_closed", Message: "Bidding on this project is closed."}
	ErrNotBidding      = &Error{Code: ECONFLICT, Reason: "project_not_bidding", Message: "The project is not open for bids."}
	ErrBidsSealed      = &Error{Code: ECONFLICT, Reason: "bids_sealed", Message: "Bids are sealed until bidding closes."}
	ErrUseAuction      = &Error{Code: ECONFLICT, Reason: "use_auction_endpoint", Message: "This project is a live reverse auction: bid with POST /api/v1/projects/{id}/auction/bids."}
	ErrNotAuction      = &Error{Code: ECONFLICT, Reason: "not_an_auction", Message: "This project is not a reverse auction: submit a sealed bid with PUT /api/v1/projects/{id}/bids/mine."}
)
