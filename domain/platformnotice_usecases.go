package domain

import (
	"marketplace/domain/platformnotice"
)

// PlatformNotices builds the notices' use cases from the current store.
func (m *Marketplace) PlatformNotices() *platformnotice.Board {
	return &platformnotice.Board{Store: m.Store, InTx: txOf(m.Store, func(s Store) platformnotice.Tx { return s })}
}
