package market

import (
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Bid statuses.
const (
	BidSubmitted = "submitted"
	BidWithdrawn = "withdrawn"
	BidValid     = "valid"
	BidInvalid   = "invalid"
)

// MaxProposalRunes bounds a sealed bid's proposal (in characters). It is
// the one source of this number; domain re-exports it beside its other
// limits, and the OpenAPI document quotes it
// (TestOpenAPI_LimitsMatchTheDomain).
const MaxProposalRunes = 20000

// Bid is an agency's one live bid on a project: a sealed offer, or in a
// reverse auction its latest price.
type Bid struct {
	ID            int64        `json:"id"`
	ProjectID     int64        `json:"project_id"`
	AgencyID      int64        `json:"agency_id"`
	AgencyName    string       `json:"agency_name,omitempty"`
	Price         kernel.Money `json:"price"`
	Proposal      string       `json:"proposal"`
	ServiceDays   int          `json:"service_days"`
	Status        string       `json:"status"`
	InvalidReason string       `json:"invalid_reason,omitempty"`
	SubmittedAt   time.Time    `json:"submitted_at"`
	UpdatedAt     time.Time    `json:"updated_at"`

	// NeedsConfirmation: placed before an amendment, not yet confirmed or
	// revised; invalid at the close if it stays so.
	NeedsConfirmation bool `json:"needs_confirmation"`
}

// BidTerms are the terms of a sealed bid as submitted: its price, proposal
// and service days. ServiceDays 0 means the project's. (domain's BidInput
// adds the client that sent them, which only supervision reads.)
type BidTerms struct {
	Price       kernel.Money
	Proposal    string
	ServiceDays int
}

// Validate checks a sealed bid against the project's published terms. It
// trims the proposal and fills in the project's service days when none
// are given.
func (in *BidTerms) Validate(p *Project) error {
	in.Proposal = strings.TrimSpace(in.Proposal)
	if in.Price <= 0 {
		return kernel.FieldError("price", "price_not_positive", "The price must be above zero.")
	}
	if p.CeilingPrice != nil && in.Price > *p.CeilingPrice {
		return kernel.FieldError("price", "price_above_ceiling", "The price %s is above the ceiling price %s.", in.Price, *p.CeilingPrice)
	}
	if utf8.RuneCountInString(in.Proposal) > MaxProposalRunes {
		return kernel.FieldError("proposal", "proposal_length", "The proposal must be at most %d characters.", MaxProposalRunes)
	}
	if in.ServiceDays == 0 {
		in.ServiceDays = p.ServiceDays
	}
	if in.ServiceDays < 1 || in.ServiceDays > p.ServiceDays {
		return kernel.FieldError("service_days", "bid_service_days_range", "service_days must be between 1 and the project's %d days.", p.ServiceDays)
	}
	return nil
}

// Sentinels of the bidding rules.
var (
	ErrProjectNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "project_not_found", Message: "Project not found."}
	ErrBidNotFound     = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "bid_not_found", Message: "You have no bid on this project."}
	ErrBiddingClosed   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bidding_closed", Message: "Bidding on this project is closed."}
	ErrNotBidding      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_bidding", Message: "The project is not open for bids."}
	ErrBidsSealed      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bids_sealed", Message: "Bids are sealed until bidding closes."}
	ErrUseAuction      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "use_auction_endpoint", Message: "This project is a live reverse auction: bid with POST /api/v1/projects/{id}/auction/bids."}
	ErrNotAuction      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "not_an_auction", Message: "This project is not a reverse auction: submit a sealed bid with PUT /api/v1/projects/{id}/bids/mine."}
)
