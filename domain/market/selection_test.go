package market

import (
	"testing"
	"time"

	"marketplace/domain/kernel"
)

var t0 = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

func ptr(i int) *int { return &i }

func ids(r []RankedCandidate) []int64 {
	out := make([]int64, len(r))
	for i, c := range r {
		out[i] = c.BidID
	}
	return out
}

func TestRankLowestPrice(t *testing.T) {
	tests := []struct {
		name  string
		cands []Candidate
		want  []int64
	}{
		{"lowest price wins", []Candidate{
			{BidID: 1, Price: 30000, CreditScore: 100, SubmittedAt: t0},
			{BidID: 2, Price: 20000, CreditScore: 60, SubmittedAt: t0},
		}, []int64{2, 1}},
		{"tie: higher credit", []Candidate{
			{BidID: 1, Price: 20000, CreditScore: 80, SubmittedAt: t0},
			{BidID: 2, Price: 20000, CreditScore: 95, SubmittedAt: t0.Add(time.Hour)},
		}, []int64{2, 1}},
		{"tie: then earlier submission", []Candidate{
			{BidID: 1, Price: 20000, CreditScore: 90, SubmittedAt: t0.Add(time.Minute)},
			{BidID: 2, Price: 20000, CreditScore: 90, SubmittedAt: t0},
		}, []int64{2, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(RankLowestPrice(tc.cands))
			if len(got) != len(tc.want) || got[0] != tc.want[0] || got[1] != tc.want[1] {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCompositeScore(t *testing.T) {
	w := Weights{Price: 40, Credit: 20, Technical: 40}
	// lowest/price = 80000/100000 → 80; credit 110 capped at 100; technical 90.
	got := CompositeScore(w, 8000000, 10000000, 110, 90)
	want := (40*80.0 + 20*100.0 + 40*90.0) / 100
	if got != want {
		t.Errorf("CompositeScore = %v, want %v", got, want)
	}
}

func TestRankComposite(t *testing.T) {
	w := Weights{Price: 30, Credit: 10, Technical: 60}
	cands := []Candidate{
		{BidID: 1, Price: 8000000, CreditScore: 100, SubmittedAt: t0, Technical: ptr(60)},
		{BidID: 2, Price: 10000000, CreditScore: 100, SubmittedAt: t0, Technical: ptr(95)},
	}
	t.Run("OK: technical quality can beat price", func(t *testing.T) {
		r, err := RankComposite(w, cands)
		if err != nil {
			t.Fatal(err)
		}
		if r[0].BidID != 2 || r[0].Score == nil || *r[0].Score != 91 {
			t.Errorf("winner %d score %v, want 2 with 91", r[0].BidID, *r[0].Score)
		}
	})
	t.Run("ErrMissingScore", func(t *testing.T) {
		bad := []Candidate{cands[0], {BidID: 3, Price: 9000000}}
		if _, err := RankComposite(w, bad); err == nil {
			t.Error("missing technical score accepted")
		}
	})
	t.Run("ErrScoreRange", func(t *testing.T) {
		bad := []Candidate{{BidID: 3, Price: 9000000, Technical: ptr(101)}}
		if _, err := RankComposite(w, bad); err == nil {
			t.Error("technical score 101 accepted")
		}
	})
	t.Run("ErrWeights", func(t *testing.T) {
		if _, err := RankComposite(Weights{Price: 50, Credit: 10, Technical: 30}, cands); err == nil {
			t.Error("weights summing to 90 accepted")
		}
	})
}

func TestWeights_ValidateFor(t *testing.T) {
	for _, c := range []struct {
		name    string
		w       Weights
		funding string
		reason  string
	}{
		{"budget, price at the floor", Weights{Price: 10, Credit: 0, Technical: 90}, FundingBudget, ""},
		{"budget, price below the floor", Weights{Price: 9, Credit: 1, Technical: 90}, FundingBudget, "weights_budget_price"},
		{"budget, technical only", Weights{Technical: 100}, FundingBudget, "weights_budget_price"},
		{"budget, bad sum first", Weights{Price: 5, Technical: 90}, FundingBudget, "weights_sum"},
		{"self, technical only", Weights{Technical: 100}, FundingSelf, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ""
			if e, ok := kernel.AsError(c.w.ValidateFor(c.funding)); ok {
				got = e.Reason
			}
			if got != c.reason {
				t.Errorf("got %q, want %q", got, c.reason)
			}
		})
	}
}
