package domain

import (
	"testing"

	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// TestSupervision_ReadsDomainValues: the indicators compare the bid
// statuses, funding and method the store loads with copies of domain's
// values (package supervision cannot import domain); they must stay equal.
func TestSupervision_ReadsDomainValues(t *testing.T) {
	for _, c := range []struct{ name, theirs, ours string }{
		{"BidValid", supervision.BidValid, market.BidValid},
		{"BidInvalid", supervision.BidInvalid, market.BidInvalid},
		{"BidWithdrawn", supervision.BidWithdrawn, market.BidWithdrawn},
		{"FundingBudget", supervision.FundingBudget, market.FundingBudget},
		{"MethodDirect", supervision.MethodDirect, market.MethodDirect},
	} {
		if c.theirs != c.ours {
			t.Errorf("supervision.%s = %q, domain's is %q", c.name, c.theirs, c.ours)
		}
	}
}
