package domain_test

import (
	"testing"

	"marketplace/domain"
)

func TestWeights_ValidateFor(t *testing.T) {
	for _, c := range []struct {
		name    string
		w       domain.Weights
		funding string
		reason  string
	}{
		{"budget, price at the floor", domain.Weights{Price: 10, Credit: 0, Technical: 90}, domain.FundingBudget, ""},
		{"budget, price below the floor", domain.Weights{Price: 9, Credit: 1, Technical: 90}, domain.FundingBudget, "weights_budget_price"},
		{"budget, technical only", domain.Weights{Technical: 100}, domain.FundingBudget, "weights_budget_price"},
		{"budget, bad sum first", domain.Weights{Price: 5, Technical: 90}, domain.FundingBudget, "weights_sum"},
		{"self, technical only", domain.Weights{Technical: 100}, domain.FundingSelf, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ""
			if e, ok := domain.AsError(c.w.ValidateFor(c.funding)); ok {
				got = e.Reason
			}
			if got != c.reason {
				t.Errorf("got %q, want %q", got, c.reason)
			}
		})
	}
}
