package domain

import (
	"context"

	"marketplace/domain/catalogue"
)

// The service-item catalogue (中介服务事项清单) lives in domain/catalogue.
// These aliases keep the names api/, web/, storage/ and the use cases here
// already write.
type (
	Item       = catalogue.Item
	ItemPatch  = catalogue.Patch
	ItemFilter = catalogue.Filter
	// CatalogueStore persists the service-item catalogue.
	CatalogueStore = catalogue.Store
)

// Item statuses and fee types (catalogue).
const (
	ItemRetained        = catalogue.Retained
	ItemAbolished       = catalogue.Abolished
	FeeGovernmentGuided = catalogue.FeeGovernmentGuided
	FeeMarket           = catalogue.FeeMarket
	FeeNotCharged       = catalogue.FeeNotCharged
)

// catalogueTx answers the catalogue reads other contexts' use cases make
// (a saved search's items, a contract template's item) from the aggregate
// store, in their transaction or outside one.
type catalogueTx struct{ Store }

// ItemExists reports whether the catalogue holds the item code (a saved
// search's items).
func (t catalogueTx) ItemExists(ctx context.Context, code string) (bool, error) {
	_, err := t.FindItemByCode(ctx, code, false)
	if ErrorCode(err) == ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// ItemCode is the code of the item code names, as the catalogue keeps it.
func (t catalogueTx) ItemCode(ctx context.Context, code string) (string, error) {
	it, err := t.FindItemByCode(ctx, code, false)
	if err != nil {
		return "", err
	}
	return it.Code, nil
}

// items builds the catalogue's use cases from the Marketplace's current
// store.
func (m *Marketplace) items() *catalogue.Service {
	return &catalogue.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) catalogue.Tx { return s })}
}

// ListItems returns the public catalogue.
func (m *Marketplace) ListItems(ctx context.Context, f ItemFilter) (List[*Item], error) {
	return m.items().List(ctx, f)
}

// GetItem returns one catalogue item.
func (m *Marketplace) GetItem(ctx context.Context, code string) (*Item, error) {
	return m.items().Get(ctx, code)
}

// CreateItem adds a catalogue item (admins only).
func (m *Marketplace) CreateItem(ctx context.Context, actor Actor, it *Item) (*Item, error) {
	return m.items().Create(ctx, actor, it)
}

// UpdateItem edits or abolishes a catalogue item (admins only).
func (m *Marketplace) UpdateItem(ctx context.Context, actor Actor, code string, p ItemPatch) (*Item, error) {
	return m.items().Update(ctx, actor, code, p)
}
