package market

import (
	"encoding/json"
	"time"

	"marketplace/domain/kernel"
)

// ResultEntry is one row of the published ranking.
type ResultEntry struct {
	Rank           int          `json:"rank"`
	BidID          *int64       `json:"bid_id"`
	AgencyID       int64        `json:"agency_id"`
	AgencyName     string       `json:"agency_name"`
	Price          kernel.Money `json:"price"`
	CreditScore    *int         `json:"credit_score,omitempty"`
	TechnicalScore *int         `json:"technical_score,omitempty"`
	// PriceScore is the price part of a composite score (lowest valid
	// price ÷ this price × 100), published so that the sum can be redone.
	PriceScore *float64 `json:"price_score,omitempty"`
	Score      *float64 `json:"score,omitempty"`
	Status     string   `json:"status"`
}

// Result is the public result of a project (projects.result): everything
// needed to check the award — method, ranking, scores or the draw.
type Result struct {
	Method     string        `json:"method"`
	AgencyID   int64         `json:"agency_id"`
	AgencyName string        `json:"agency_name"`
	Price      kernel.Money  `json:"price"`
	Ranking    []ResultEntry `json:"ranking"`
	Weights    *Weights      `json:"weights,omitempty"`
	Seed       string        `json:"seed,omitempty"`
	Draw       *Draw         `json:"draw,omitempty"`
	// LowPrices are the abnormally low bids with their explanations and
	// the owner's decisions (docs/credit.md).
	LowPrices   []*LowPriceBid `json:"low_prices,omitempty"`
	PublishedAt time.Time      `json:"published_at"`
}

// ParseResult decodes a published result (nil when there is none).
func ParseResult(raw json.RawMessage) (*Result, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var r Result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, kernel.Errorf(kernel.EINTERNAL, "result_corrupt", "The stored result cannot be read: %v", err)
	}
	return &r, nil
}
