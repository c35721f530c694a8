package domain

import (
	"time"

	"marketplace/domain/market"
)

// The contract both parties sign after the award, its signing and its
// hash live in domain/market. The use cases stay here
// (contract_service.go), and so does ShanghaiDate, a
// date of the platform's zone that notices print too.

// Contract is the agreement both parties sign online after award (market).
type Contract = market.Contract

// Contract errors (market).
var ErrAlreadySigned = market.ErrAlreadySigned

// ShanghaiDate is the calendar date of t in China Standard Time (UTC+8, no
// daylight saving), the date printed on contracts and notices.
func ShanghaiDate(t time.Time) string {
	return t.In(PlatformZone).Format(DateLayout)
}
