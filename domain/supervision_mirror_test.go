package domain

import (
	"testing"

	"marketplace/domain/supervision"
)

// TestSupervision_ReadsDomainValues: the indicators compare the bid
// statuses, funding and method the store loads with copies of domain's
// values (package supervision cannot import domain); they must stay equal.
func TestSupervision_ReadsDomainValues(t *testing.T) {
	for _, c := range []struct{ name, theirs, ours string }{
		{"BidValid", supervision.BidValid, BidValid},
		{"BidInvalid", supervision.BidInvalid, BidInvalid},
		{"BidWithdrawn", supervision.BidWithdrawn, BidWithdrawn},
		{"FundingBudget", supervision.FundingBudget, FundingBudget},
		{"MethodDirect", supervision.MethodDirect, MethodDirect},
	} {
		if c.theirs != c.ours {
			t.Errorf("supervision.%s = %q, domain's is %q", c.name, c.theirs, c.ours)
		}
	}
}
