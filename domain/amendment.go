package domain

import (
	"marketplace/domain/market"
)

// Notice amendments (更正公告): the fields an amendment may change, the
// amendment and its input with their checks, and the errors live in
// domain/market, with the use cases (market.Notices, notices_service.go);
// callers reach them through Marketplace.Notices (notice_document_service.go).

// Fields an amendment may change (market).
const (
	AmendDescription  = market.AmendDescription
	AmendCeilingPrice = market.AmendCeilingPrice
	AmendServiceDays  = market.AmendServiceDays
	AmendClosesAt     = market.AmendClosesAt
	AmendDocuments    = market.AmendDocuments
)

// Amendments (market).
type (
	AmendmentChange = market.AmendmentChange
	Amendment       = market.Amendment
	AmendmentInput  = market.AmendmentInput
)

// Errors of amendments (market).
var (
	ErrAmendmentEmpty          = market.ErrAmendmentEmpty
	ErrAmendmentRationale      = market.ErrAmendmentRationale
	ErrAmendmentEarlierClose   = market.ErrAmendmentEarlierClose
	ErrAmendmentMethod         = market.ErrAmendmentMethod
	ErrAmendmentFunding        = market.ErrAmendmentFunding
	ErrAmendmentNotBidding     = market.ErrAmendmentNotBidding
	ErrBidNoConfirmationNeeded = market.ErrBidNoConfirmationNeeded
)

// BidInvalidUnconfirmed is the invalid_reason of a bid left unconfirmed
// after an amendment (market).
const BidInvalidUnconfirmed = market.BidInvalidUnconfirmed
