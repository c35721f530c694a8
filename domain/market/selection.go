package market

import (
	"cmp"
	"math"
	"slices"
	"time"

	"marketplace/domain/kernel"
)

// Weights are the published composite-score weights, summing to 100.
type Weights struct {
	Price     int `json:"price"`
	Credit    int `json:"credit"`
	Technical int `json:"technical"`
}

// Candidate is one valid bid as the selection rules see it.
type Candidate struct {
	BidID       int64        `json:"bid_id"`
	AgencyID    int64        `json:"agency_id"`
	Price       kernel.Money `json:"price"`
	CreditScore int          `json:"credit_score"`
	SubmittedAt time.Time    `json:"submitted_at"`
	// Technical is the owner's technical score 0–100 (composite only).
	Technical *int `json:"technical_score,omitempty"`
}

// RankedCandidate is a candidate with its place and, for composite, its
// score and the price score it was made of (the credit and technical scores
// are the candidate's own), published so that anyone can redo the sum.
type RankedCandidate struct {
	Candidate
	Rank       int      `json:"rank"`
	Score      *float64 `json:"score,omitempty"`
	PriceScore *float64 `json:"price_score,omitempty"`
}

// Validate checks that the weights are each 0–100 and sum to 100.
func (w Weights) Validate() error {
	for _, v := range []int{w.Price, w.Credit, w.Technical} {
		if v < 0 || v > 100 {
			return kernel.FieldError("weights", "weights_sum", "Each weight must be between 0 and 100, and together they sum to 100.")
		}
	}
	if w.Price+w.Credit+w.Technical != 100 {
		return kernel.FieldError("weights", "weights_sum", "The composite weights must sum to 100 (they sum to %d).", w.Price+w.Credit+w.Technical)
	}
	return nil
}

// Composite weights of budget-funded projects: for services the price
// carries at least 10 % of the score (《政府采购货物和服务招标投标管理办法》
// 财政部令第87号 第五十五条), so the owner's own technical score can never
// pick the winner alone. Enterprises, paying themselves, keep their freedom.
const (
	MinBudgetPriceWeight     = 10
	MaxBudgetTechnicalWeight = 100 - MinBudgetPriceWeight
)

// ValidateFor checks the weights of a project with the given funding: the
// general rule, plus the price floor of budget-funded projects.
func (w Weights) ValidateFor(funding string) error {
	if err := w.Validate(); err != nil {
		return err
	}
	if funding == FundingBudget && (w.Price < MinBudgetPriceWeight || w.Technical > MaxBudgetTechnicalWeight) {
		return kernel.FieldError("weights", "weights_budget_price",
			"On a budget-funded project the price weight is at least %d and the technical weight at most %d (《政府采购货物和服务招标投标管理办法》财政部令第87号 第五十五条).",
			MinBudgetPriceWeight, MaxBudgetTechnicalWeight)
	}
	return nil
}

// byPriceThenCredit is the lowest-price order of SPEC §3: lowest price; ties
// go to the higher credit score, then the earlier submission (then the lower
// bid id, so the order is total and reproducible).
func byPriceThenCredit(a, b Candidate) int {
	return cmp.Or(
		cmp.Compare(a.Price, b.Price),
		cmp.Compare(b.CreditScore, a.CreditScore),
		a.SubmittedAt.Compare(b.SubmittedAt),
		cmp.Compare(a.BidID, b.BidID),
	)
}

// RankLowestPrice ranks sealed bids for the lowest_price method. Reverse
// auctions rank the same way on each bidder's final price.
func RankLowestPrice(cands []Candidate) []RankedCandidate {
	sorted := slices.Clone(cands)
	slices.SortStableFunc(sorted, byPriceThenCredit)
	return ranked(sorted, nil)
}

// CompositeScore is SPEC §3's score: (w_price·(lowest/price·100) +
// w_credit·min(credit,100) + w_tech·technical) / 100, rounded to two decimals
// so that the published table and the ranking agree exactly.
func CompositeScore(w Weights, lowest, price kernel.Money, credit, technical int) float64 {
	s := (float64(w.Price)*priceScore(lowest, price) + float64(w.Credit)*float64(min(credit, 100)) + float64(w.Technical)*float64(technical)) / 100
	return math.Round(s*100) / 100
}

// priceScore is the price part of the composite score: the lowest valid
// price over this price, times 100.
func priceScore(lowest, price kernel.Money) float64 { return float64(lowest) / float64(price) * 100 }

// PriceScore is priceScore rounded to two decimals as published.
func PriceScore(lowest, price kernel.Money) float64 {
	return math.Round(priceScore(lowest, price)*100) / 100
}

// RankComposite ranks by composite score; every candidate needs a technical
// score 0–100. Equal scores fall back to the lowest-price order.
func RankComposite(w Weights, cands []Candidate) ([]RankedCandidate, error) {
	if err := w.Validate(); err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, nil
	}
	lowest := slices.MinFunc(cands, func(a, b Candidate) int { return cmp.Compare(a.Price, b.Price) }).Price
	scores := make(map[int64]float64, len(cands))
	for _, c := range cands {
		if c.Technical == nil {
			return nil, kernel.FieldError("scores", "technical_score_missing", "Bid %d has no technical score: every valid bid needs one.", c.BidID)
		}
		if *c.Technical < 0 || *c.Technical > 100 {
			return nil, kernel.FieldError("scores", "technical_score_range", "Technical scores are 0 to 100 (bid %d has %d).", c.BidID, *c.Technical)
		}
		scores[c.BidID] = CompositeScore(w, lowest, c.Price, c.CreditScore, *c.Technical)
	}
	sorted := slices.Clone(cands)
	slices.SortStableFunc(sorted, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(scores[b.BidID], scores[a.BidID]), byPriceThenCredit(a, b))
	})
	out := ranked(sorted, scores)
	for i := range out {
		ps := PriceScore(lowest, out[i].Price)
		out[i].PriceScore = &ps
	}
	return out, nil
}

func ranked(sorted []Candidate, scores map[int64]float64) []RankedCandidate {
	out := make([]RankedCandidate, len(sorted))
	for i, c := range sorted {
		out[i] = RankedCandidate{Candidate: c, Rank: i + 1}
		if scores != nil {
			s := scores[c.BidID]
			out[i].Score = &s
		}
	}
	return out
}
