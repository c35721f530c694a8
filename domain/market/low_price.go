package market

import (
	"math/big"
	"sort"
	"time"

	"marketplace/domain/kernel"
)

// Abnormally low prices (异常低价, docs/credit.md). A sealed bid below the
// threshold must be explained in writing before the result is published.
const (
	// LowPriceRejectionsForFlag rejected or missing explanations within
	// LowPriceFlagWindow make an agency's persistent_low_price flag:
	// once is a mistake, three times a strategy (低价恶性竞争).
	LowPriceRejectionsForFlag = 3
	LowPriceFlagWindow        = 365 * 24 * time.Hour
	// BidInvalidLowPrice is the invalid_reason of a bid whose low price
	// was not explained, or whose explanation was rejected.
	BidInvalidLowPrice = "abnormally_low_price"
	// LowPriceTextMax bounds an explanation and a decision's reason.
	LowPriceTextMax = 5000
)

// Statuses of a low price: waiting for the agency, explained (waiting for
// the owner), then accepted, rejected or missing (deadline passed).
const (
	LowPricePending   = "pending"
	LowPriceExplained = "explained"
	LowPriceAccepted  = "accepted"
	LowPriceRejected  = "rejected"
	LowPriceMissing   = "missing"
)

// LowPriceRule is the threshold rule: the higher of MedianPercent of the
// median of the valid bids and CeilingPercent of the ceiling (0: no ceiling
// term; a project without a ceiling has none either).
type LowPriceRule struct {
	MedianPercent  int `json:"median_percent"`
	CeilingPercent int `json:"ceiling_percent"`
}

// DefaultLowPriceRule is the platform default; a catalogue item may
// override it (catalogue_items.low_price_*_pct). 70 % of the median: a
// price 30 % under what the others found the work worth cannot usually pay
// for it; 50 % of the ceiling: the owner's own estimate halved.
var DefaultLowPriceRule = LowPriceRule{MedianPercent: 70, CeilingPercent: 50}

// LowPriceThreshold is the smallest price that is not abnormally low:
// max(MedianPercent % × median, CeilingPercent % × ceiling), rounded up to
// the fen, so that "price < threshold" is exactly "price below the rule"
// for whole fen. The median of an even number of prices is the mean of the
// two middle ones. Zero when there is no valid bid.
func LowPriceThreshold(valid []kernel.Money, ceiling *kernel.Money, r LowPriceRule) kernel.Money {
	if len(valid) == 0 {
		return 0
	}
	ps := append([]kernel.Money(nil), valid...)
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	n := len(ps)
	median := new(big.Rat).SetInt64(int64(ps[n/2]))
	if n%2 == 0 {
		median.SetFrac64(int64(ps[n/2-1])+int64(ps[n/2]), 2)
	}
	t := median.Mul(median, big.NewRat(int64(r.MedianPercent), 100))
	if ceiling != nil && r.CeilingPercent > 0 {
		c := new(big.Rat).SetFrac64(int64(*ceiling)*int64(r.CeilingPercent), 100)
		if c.Cmp(t) > 0 {
			t = c
		}
	}
	q, m := new(big.Int).QuoRem(t.Num(), t.Denom(), new(big.Int))
	if m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return kernel.Money(q.Int64())
}

// LowPriceBid is one abnormally low bid, its explanation and the owner's
// decision. Price and threshold are published with the result; before the
// close nothing of this exists.
type LowPriceBid struct {
	ID             int64        `json:"id"`
	ProjectID      int64        `json:"project_id"`
	BidID          int64        `json:"bid_id"`
	AgencyID       int64        `json:"agency_id"`
	AgencyName     string       `json:"agency_name"`
	Price          kernel.Money `json:"price"`
	Threshold      kernel.Money `json:"threshold"`
	Status         string       `json:"status"`
	Explanation    string       `json:"explanation"`
	ExplainedAt    *time.Time   `json:"explained_at"`
	DecisionReason string       `json:"decision_reason"`
	DecidedAt      *time.Time   `json:"decided_at"`
	DueAt          time.Time    `json:"due_at"`
}

// Undecided reports whether the low price still holds the result back.
func (l *LowPriceBid) Undecided() bool {
	return l.Status == LowPricePending || l.Status == LowPriceExplained
}

// HasLowPriceCheck reports whether a method's bids are checked: every
// sealed method; a reverse auction's prices are public and competitive by
// design.
func HasLowPriceCheck(method string) bool { return method != MethodReverseAuction }

// Validate checks an item's override: the median term is 1–100 %, the
// ceiling term 0–100 % (0: none).
func (r LowPriceRule) Validate() error {
	if r.MedianPercent < 1 || r.MedianPercent > 100 {
		return kernel.FieldError("median_percent", "median_percent_range", "median_percent must be between 1 and 100.")
	}
	if r.CeilingPercent < 0 || r.CeilingPercent > 100 {
		return kernel.FieldError("ceiling_percent", "ceiling_percent_range", "ceiling_percent must be between 0 and 100 (0: no ceiling term).")
	}
	return nil
}
