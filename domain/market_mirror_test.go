package domain

import (
	"testing"

	"marketplace/domain/credit"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
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

// TestMarket_EvidenceActionsAreSupervisions keeps the bid actions the
// market records as evidence equal to the ones supervision reads.
func TestMarket_EvidenceActionsAreSupervisions(t *testing.T) {
	for _, c := range []struct{ name, theirs, ours string }{
		{"EvidenceSubmit", market.EvidenceSubmit, supervision.EvidenceSubmit},
		{"EvidenceRevise", market.EvidenceRevise, supervision.EvidenceRevise},
		{"EvidenceWithdraw", market.EvidenceWithdraw, supervision.EvidenceWithdraw},
		{"EvidenceDocumentAdd", market.EvidenceDocumentAdd, supervision.EvidenceDocumentAdd},
		{"EvidenceDocumentRemove", market.EvidenceDocumentRemove, supervision.EvidenceDocumentRemove},
	} {
		if c.theirs != c.ours {
			t.Errorf("market.%s = %q, supervision's is %q", c.name, c.theirs, c.ours)
		}
	}
}
