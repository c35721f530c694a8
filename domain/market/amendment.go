package market

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Fields an amendment (更正公告) may change. Every one of them affects the
// bids, so every amendment is material: it applies the deadline rule and
// asks bidders to confirm.
const (
	AmendDescription  = "description"
	AmendCeilingPrice = "ceiling_price"
	AmendServiceDays  = "service_days"
	AmendClosesAt     = "closes_at"
	AmendDocuments    = "documents"
)

// AmendmentChange is one published change: the field, its value before and after.
type AmendmentChange struct {
	Field  string `json:"field"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// Amendment is a published 更正公告 of a project in bidding.
type Amendment struct {
	ID           int64             `json:"id"`
	ProjectID    int64             `json:"project_id"`
	ProjectTitle string            `json:"project_title,omitempty"`
	Rationale    string            `json:"rationale"`
	Changes      []AmendmentChange `json:"changes"`
	ClosesBefore time.Time         `json:"closes_before"`
	ClosesAfter  time.Time         `json:"closes_after"`
	// CloseExtended: the close moved so that AmendmentMinRemaining remains.
	CloseExtended bool      `json:"close_extended"`
	PublishedAt   time.Time `json:"published_at"`
}

// AmendmentInput is what the owner asks to change. A nil field stays as
// it is. Method and Funding are accepted only to refuse them clearly.
type AmendmentInput struct {
	Rationale    string        `json:"rationale"`
	Description  *string       `json:"description"`
	CeilingPrice *kernel.Money `json:"ceiling_price"`
	ServiceDays  *int          `json:"service_days"`
	ClosesAt     *time.Time    `json:"closes_at"`
	Method       *string       `json:"method"`
	Funding      *string       `json:"funding"`
	// AddDocuments are pending documents (uploaded to the published
	// project) that the amendment publishes.
	AddDocuments []int64 `json:"add_documents"`
	// SupersedeDocuments are published documents it replaces (已被更正).
	SupersedeDocuments []int64 `json:"supersede_documents"`
}

// Errors of amendments.
var (
	ErrAmendmentEmpty = &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_empty",
		Message: "The amendment changes nothing; change the description, ceiling price, service days, documents or closing time."}
	ErrAmendmentRationale = &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_rationale_length", Field: "rationale",
		Message: fmt.Sprintf("Say why in %d to %d characters.", MinAmendmentRationaleRunes, MaxAmendmentRationaleRunes),
		Params:  map[string]any{"min": MinAmendmentRationaleRunes, "max": MaxAmendmentRationaleRunes}}
	ErrAmendmentEarlierClose = &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_earlier_close", Field: "closes_at",
		Message: "An amendment may only move the close later; cancel the project and repost it instead."}
	ErrAmendmentMethod = &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_method_change", Field: "method",
		Message: "The selection method cannot be amended; cancel the project and repost it instead."}
	ErrAmendmentFunding = &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_funding_change", Field: "funding",
		Message: "The funding cannot be amended; cancel the project and repost it instead."}
	ErrAmendmentNotBidding = &kernel.Error{Code: kernel.ECONFLICT, Reason: "amendment_not_bidding",
		Message: "Only a project open for bids can be amended; a draft is edited directly."}
	ErrBidNoConfirmationNeeded = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bid_confirmation_not_needed",
		Message: "Your bid does not wait for a confirmation."}
)

// BidInvalidUnconfirmed is the invalid_reason of a bid placed before an
// amendment and neither confirmed nor revised before the close.
const BidInvalidUnconfirmed = "amendment_unconfirmed"

// ValidateShape checks what needs no project: the rationale and the
// closing time's range; it trims the rationale and the description and
// drops repeated documents.
func (in *AmendmentInput) ValidateShape() error {
	in.Rationale = strings.TrimSpace(in.Rationale)
	if n := utf8.RuneCountInString(in.Rationale); n < MinAmendmentRationaleRunes || n > MaxAmendmentRationaleRunes {
		return ErrAmendmentRationale
	}
	if in.Description != nil {
		d := strings.TrimSpace(*in.Description)
		in.Description = &d
	}
	// A document named twice is one document.
	in.AddDocuments, in.SupersedeDocuments = uniqueIDs(in.AddDocuments), uniqueIDs(in.SupersedeDocuments)
	if in.ClosesAt != nil {
		if err := kernel.CheckDateRange("closes_at", *in.ClosesAt); err != nil {
			return err
		}
		c := in.ClosesAt.UTC().Truncate(time.Microsecond)
		in.ClosesAt = &c
	}
	return nil
}

// ChangesTo applies in to p (a copy the caller owns) and lists what
// changed; Method and Funding must equal the project's.
func (in *AmendmentInput) ChangesTo(p *Project) ([]AmendmentChange, error) {
	if in.Method != nil && *in.Method != p.Method {
		return nil, ErrAmendmentMethod
	}
	if in.Funding != nil && *in.Funding != p.Funding {
		return nil, ErrAmendmentFunding
	}
	var out []AmendmentChange
	if in.Description != nil && *in.Description != p.Description {
		out = append(out, AmendmentChange{AmendDescription, p.Description, *in.Description})
		p.Description = *in.Description
	}
	if in.CeilingPrice != nil && (p.CeilingPrice == nil || *p.CeilingPrice != *in.CeilingPrice) {
		var before any
		if p.CeilingPrice != nil {
			before = p.CeilingPrice.String()
		}
		out = append(out, AmendmentChange{AmendCeilingPrice, before, in.CeilingPrice.String()})
		c := *in.CeilingPrice
		p.CeilingPrice = &c
	}
	if in.ServiceDays != nil && *in.ServiceDays != p.ServiceDays {
		out = append(out, AmendmentChange{AmendServiceDays, p.ServiceDays, *in.ServiceDays})
		p.ServiceDays = *in.ServiceDays
	}
	if in.ClosesAt != nil && !in.ClosesAt.Equal(p.ClosesAt) {
		if in.ClosesAt.Before(p.ClosesAt) {
			return nil, ErrAmendmentEarlierClose
		}
		out = append(out, AmendmentChange{AmendClosesAt, p.ClosesAt, *in.ClosesAt})
		p.ClosesAt, p.BiddingClosesAt = *in.ClosesAt, *in.ClosesAt
	}
	return out, nil
}

// ExtendClose moves p's close so that at least minRemaining is left after
// now, and reports whether it did.
func ExtendClose(p *Project, now time.Time, minRemaining time.Duration) bool {
	if earliest := now.Add(minRemaining); p.ClosesAt.Before(earliest) {
		p.ClosesAt, p.BiddingClosesAt = earliest, earliest
		return true
	}
	return false
}

// uniqueIDs returns ids sorted, without repeats (never nil).
func uniqueIDs(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return slices.Compact(out)
}
