package domain

import (
	"context"

	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
)

// Agencies builds the agency context's use cases from the Marketplace's
// current fields (main and the tests set them after NewMarketplace, so the
// Registry is never cached).
func (m *Marketplace) Agencies() *agency.Registry {
	return &agency.Registry{Store: m.Store, InTx: txOf(m.Store, newAgencyTx), Files: m.Files}
}

// agencyTx is the agency context's view of a transaction: the aggregate
// store (which implements agency.Store) plus the two reads of other
// contexts it makes under the agency's row lock, translated into the
// agency package's plain types.
type agencyTx struct{ Store }

func newAgencyTx(s Store) agency.Tx { return agencyTx{s} }

// LookupItem reads a catalogue item in the transaction.
func (t agencyTx) LookupItem(ctx context.Context, code string) (agency.Item, error) {
	it, err := t.FindItemByCode(ctx, code, false)
	if err != nil {
		return agency.Item{}, err
	}
	return agency.Item{Code: it.Code, Name: it.Name, Abolished: it.Status == catalogue.Abolished}, nil
}

// LookupAccount reads an account's name and role in the transaction.
func (t agencyTx) LookupAccount(ctx context.Context, id int64) (agency.Account, error) {
	a, err := t.FindAccountByID(ctx, id)
	if err != nil {
		return agency.Account{}, err
	}
	return agency.Account{Name: a.Name, Role: a.Role}, nil
}
