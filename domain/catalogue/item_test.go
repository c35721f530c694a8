package catalogue_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/domain/catalogue"
	"marketplace/domain/kernel"
)

func validItem() *catalogue.Item {
	blank := " "
	return &catalogue.Item{Code: " NAT-01 ", Name: "环境影响评价", Department: "生态环境局", LegalBasis: "《环境影响评价法》",
		TimeLimitDays: 30, FeeType: catalogue.FeeMarket, Qualification: &blank}
}

func reason(err error) string {
	if e, ok := kernel.AsError(err); ok {
		return e.Reason
	}
	return ""
}

// TestItem_Validate: a valid item is normalised (code trimmed, status
// retained, an empty workflow, a blank qualification dropped); each broken
// field is refused with its own reason.
func TestItem_Validate(t *testing.T) {
	it := validItem()
	if err := it.Validate(); err != nil {
		t.Fatal(err)
	}
	if it.Code != "NAT-01" || it.Status != catalogue.Retained || it.Workflow == nil || it.Qualification != nil || it.HasQualification() {
		t.Errorf("normalised to %+v", it)
	}
	for _, tc := range []struct {
		reason string
		spoil  func(*catalogue.Item)
	}{
		{"item_code_format", func(it *catalogue.Item) { it.Code = "NAT 01" }},
		{"item_name_length", func(it *catalogue.Item) { it.Name = "环" }},
		{"item_legal_basis_required", func(it *catalogue.Item) { it.LegalBasis = " " }},
		{"item_time_limit", func(it *catalogue.Item) { it.TimeLimitDays = 0 }},
		{"item_fee_type", func(it *catalogue.Item) { it.FeeType = "free" }},
		{"item_status", func(it *catalogue.Item) { it.Status = "paused" }},
		{"workflow_too_long", func(it *catalogue.Item) { it.Workflow = make([]string, catalogue.MaxWorkflowSteps+1) }},
		{"conditions_too_long", func(it *catalogue.Item) { it.Conditions = strings.Repeat("条", catalogue.MaxConditions+1) }},
	} {
		it := validItem()
		tc.spoil(it)
		if got := reason(it.Validate()); got != tc.reason {
			t.Errorf("want %s, got %q", tc.reason, got)
		}
	}
}

// itemTx holds one item in memory and counts what the use cases write.
type itemTx struct {
	item   catalogue.Item
	writes int
}

func (s *itemTx) FindItems(context.Context, catalogue.Filter) ([]*catalogue.Item, int, error) {
	return []*catalogue.Item{&s.item}, 1, nil
}
func (s *itemTx) FindItemByCode(context.Context, string, bool) (*catalogue.Item, error) {
	it := s.item
	return &it, nil
}
func (s *itemTx) CreateItem(context.Context, *catalogue.Item) error { s.writes++; return nil }
func (s *itemTx) UpdateItem(_ context.Context, it *catalogue.Item) error {
	s.item = *it
	s.writes++
	return nil
}
func (s *itemTx) AppendAudit(context.Context, kernel.AuditEntry) error { s.writes++; return nil }

// TestService_Update: only an administrator edits the catalogue; an edit
// that breaks the item writes nothing; abolishing writes the item and its
// audit entry.
func TestService_Update(t *testing.T) {
	tx := &itemTx{item: *validItem()}
	if err := tx.item.Validate(); err != nil {
		t.Fatal(err)
	}
	sv := &catalogue.Service{Store: tx, InTx: func(ctx context.Context, fn func(catalogue.Tx) error) error { return fn(tx) }}
	admin := kernel.Actor{ID: 1, Role: kernel.RoleAdmin}
	abolished, zero := catalogue.Abolished, 0
	if _, err := sv.Update(context.Background(), kernel.Actor{ID: 2, Role: kernel.RoleAgency}, "NAT-01", catalogue.Patch{Status: &abolished}); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("an agency edited the catalogue: %v", err)
	}
	if _, err := sv.Update(context.Background(), admin, "NAT-01", catalogue.Patch{TimeLimitDays: &zero}); reason(err) != "item_time_limit" || tx.writes != 0 {
		t.Errorf("a broken edit: %v, %d writes", err, tx.writes)
	}
	got, err := sv.Update(context.Background(), admin, "NAT-01", catalogue.Patch{Status: &abolished})
	if err != nil || got.Status != catalogue.Abolished || tx.item.Status != catalogue.Abolished || tx.writes != 2 {
		t.Errorf("abolish: %+v, %v, %d writes", got, err, tx.writes)
	}
	if _, err := sv.List(context.Background(), catalogue.Filter{Status: "paused"}); reason(err) != "item_status" {
		t.Errorf("a list by an unknown status: %v", err)
	}
}
