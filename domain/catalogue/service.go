package catalogue

import (
	"context"
	"strings"

	"marketplace/domain/kernel"
	"marketplace/domain/searchtext"
)

// Store reads and writes the service-item catalogue.
type Store interface {
	FindItems(ctx context.Context, f Filter) ([]*Item, int, error)
	// FindItemByCode reads one item (ENOTFOUND), locking its row when
	// forUpdate is set.
	FindItemByCode(ctx context.Context, code string, forUpdate bool) (*Item, error)
	CreateItem(ctx context.Context, it *Item) error
	UpdateItem(ctx context.Context, it *Item) error
}

// Tx is the catalogue's view of a transaction: its store and the audit log.
type Tx interface {
	Store
	AppendAudit(ctx context.Context, e kernel.AuditEntry) error
}

// Service holds the catalogue's use cases. It is cheap to build and holds
// no state of its own; domain.Marketplace builds one per call.
type Service struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
}

// List returns the public catalogue.
func (sv *Service) List(ctx context.Context, f Filter) (kernel.List[*Item], error) {
	if err := f.Page.Normalize(); err != nil {
		return kernel.List[*Item]{}, err
	}
	if f.Status != "" && f.Status != Retained && f.Status != Abolished {
		return kernel.List[*Item]{}, kernel.FieldError("status", "item_status", "status must be \"retained\" or \"abolished\".")
	}
	f.Alternatives = nil
	for _, alt := range searchtext.ExpandSynonyms(strings.TrimSpace(f.Query)) {
		if runs := strings.Fields(alt); len(runs) > 0 {
			f.Alternatives = append(f.Alternatives, runs)
		}
	}
	items, total, err := sv.Store.FindItems(ctx, f)
	if err != nil {
		return kernel.List[*Item]{}, err
	}
	return kernel.NewList(items, total, f.Page), nil
}

// Get returns one catalogue item.
func (sv *Service) Get(ctx context.Context, code string) (*Item, error) {
	return sv.Store.FindItemByCode(ctx, code, false)
}

// Create adds a catalogue item (admins only).
func (sv *Service) Create(ctx context.Context, actor kernel.Actor, it *Item) (*Item, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	if err := it.Validate(); err != nil {
		return nil, err
	}
	err := sv.InTx(ctx, func(s Tx) error {
		if err := s.CreateItem(ctx, it); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "catalogue.item_created", "item", it.Code, it))
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// Update edits or abolishes a catalogue item (admins only). An abolished
// item stays in the catalogue, marked, so that old projects still resolve it.
func (sv *Service) Update(ctx context.Context, actor kernel.Actor, code string, p Patch) (*Item, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	var out *Item
	err := sv.InTx(ctx, func(s Tx) error {
		it, err := s.FindItemByCode(ctx, code, true)
		if err != nil {
			return err
		}
		before := *it
		p.Apply(it)
		if err := it.Validate(); err != nil {
			return err
		}
		if err := s.UpdateItem(ctx, it); err != nil {
			return err
		}
		out = it
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "catalogue.item_updated", "item", it.Code, map[string]any{"before": before, "after": it}))
	})
	return out, err
}
