package domain

import (
	"testing"

	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// TestMarket_ReadsCreditValues keeps the credit kinds and sources the
// market's use cases record (market.CreditEvent) equal to credit's.
func TestMarket_ReadsCreditValues(t *testing.T) {
	for _, c := range []struct{ name, theirs, ours string }{
		{"CreditEvaluation", market.CreditEvaluation, credit.KindEvaluation},
		{"CreditLateDelivery", market.CreditLateDelivery, credit.KindLateDelivery},
		{"CreditSigningRefused", market.CreditSigningRefused, credit.KindSigningRefused},
		{"CreditObjectionUpheld", market.CreditObjectionUpheld, credit.KindObjection},
		{"CreditSourceObjection", market.CreditSourceObjection, credit.SourceObjection},
		{"CreditSourceEvaluation", market.CreditSourceEvaluation, credit.SourceEvaluation},
		{"CreditSourceScheduler", market.CreditSourceScheduler, credit.SourceScheduler},
		{"CreditSourceSystem", market.CreditSourceSystem, credit.SourceSystem},
	} {
		if c.theirs != c.ours {
			t.Errorf("market.%s = %q, credit's is %q", c.name, c.theirs, c.ours)
		}
	}
}
