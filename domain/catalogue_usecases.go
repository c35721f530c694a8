package domain

import (
	"context"

	"marketplace/domain/catalogue"
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

// Catalogue builds the catalogue's use cases from the Marketplace's current
// store.
func (m *Marketplace) Catalogue() *catalogue.Service {
	return &catalogue.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) catalogue.Tx { return s })}
}
