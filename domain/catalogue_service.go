package domain

import (
	"context"
	"strings"
)

// ListItems returns the public catalogue.
func (m *Marketplace) ListItems(ctx context.Context, f ItemFilter) (List[*Item], error) {
	if err := f.Page.Normalize(); err != nil {
		return List[*Item]{}, err
	}
	if f.Status != "" && f.Status != ItemRetained && f.Status != ItemAbolished {
		return List[*Item]{}, FieldError("status", "item_status", "status must be \"retained\" or \"abolished\".")
	}
	f.Alternatives = nil
	for _, alt := range ExpandSynonyms(strings.TrimSpace(f.Query)) {
		if runs := strings.Fields(alt); len(runs) > 0 {
			f.Alternatives = append(f.Alternatives, runs)
		}
	}
	items, total, err := m.Store.FindItems(ctx, f)
	if err != nil {
		return List[*Item]{}, err
	}
	return NewList(items, total, f.Page), nil
}

// GetItem returns one catalogue item.
func (m *Marketplace) GetItem(ctx context.Context, code string) (*Item, error) {
	return m.Store.FindItemByCode(ctx, code, false)
}

// CreateItem adds a catalogue item (admins only).
func (m *Marketplace) CreateItem(ctx context.Context, actor Actor, it *Item) (*Item, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	if err := it.Validate(); err != nil {
		return nil, err
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		if err := s.CreateItem(ctx, it); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "catalogue.item_created", "item", it.Code, it))
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// UpdateItem edits or abolishes a catalogue item (admins only). An abolished
// item stays in the catalogue, marked, so that old projects still resolve it.
func (m *Marketplace) UpdateItem(ctx context.Context, actor Actor, code string, p ItemPatch) (*Item, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	var out *Item
	err := m.Store.InTx(ctx, func(s Store) error {
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
		return s.AppendAudit(ctx, NewAudit(actor, "catalogue.item_updated", "item", it.Code, map[string]any{"before": before, "after": it}))
	})
	return out, err
}
