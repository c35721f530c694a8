package domain

import (
	"marketplace/domain/identity"
)

// Accounts builds the account use cases from the Marketplace's current
// fields; the timing memo is the Marketplace's own.
func (m *Marketplace) Accounts() *identity.Accounts {
	return &identity.Accounts{Store: m.Store, InTx: txOf(m.Store, func(s Store) identity.Tx { return s }),
		Hasher: m.Hasher, SessionTTL: m.Periods.SessionTTL, Timing: &m.loginTiming}
}
