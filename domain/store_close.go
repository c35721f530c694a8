package domain

import "marketplace/domain/market"

// What closing a project needs of the store, a submitted bid with its
// agency's facts, and a bid's settlement (market).
type (
	CloseStore        = market.CloseStore
	SubmittedBidFacts = market.SubmittedBidFacts
	BidSettlement     = market.BidSettlement
)
