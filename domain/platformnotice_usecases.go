package domain

import (
	"marketplace/domain/platformnotice"
)

// The platform's own notices (通知公告) live in domain/platformnotice.
// These aliases keep the names api/, web/ and storage/ write.
type (
	PlatformNotice      = platformnotice.Notice
	PlatformNoticeInput = platformnotice.Input
	// PlatformNoticeStore persists the platform's notices.
	PlatformNoticeStore = platformnotice.Store
)

// The limits of a platform notice.
const (
	MinPlatformNoticeTitleRunes = platformnotice.MinTitleRunes
	MaxPlatformNoticeTitleRunes = platformnotice.MaxTitleRunes
	MaxPlatformNoticeBodyRunes  = platformnotice.MaxBodyRunes
)

// ErrPlatformNoticeNotFound answers an unknown notice id.
var ErrPlatformNoticeNotFound = platformnotice.ErrNotFound

// PlatformNotices builds the notices' use cases from the current store.
func (m *Marketplace) PlatformNotices() *platformnotice.Board {
	return &platformnotice.Board{Store: m.Store, InTx: txOf(m.Store, func(s Store) platformnotice.Tx { return s })}
}
