package domain

import (
	"time"

	"marketplace/domain/market"
)

// The contract both parties sign after the award, its signing and its
// hash live in domain/market, with its use cases (market.PostAward,
// market/contracts_service.go) and ShanghaiDate, which notices print too.

// Contract is the agreement both parties sign online after award (market).
type Contract = market.Contract

// Contract errors (market).
var ErrAlreadySigned = market.ErrAlreadySigned

// ShanghaiDate is the calendar date of t in China Standard Time, the date
// printed on contracts and notices (market).
func ShanghaiDate(t time.Time) string { return market.ShanghaiDate(t) }
