package domain

import (
	"context"

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

// noticeBoard builds the notices' use cases from the current store.
func (m *Marketplace) noticeBoard() *platformnotice.Board {
	return &platformnotice.Board{Store: m.Store, InTx: txOf(m.Store, func(s Store) platformnotice.Tx { return s })}
}

// PublishPlatformNotice publishes an admin's notice at once, audited.
func (m *Marketplace) PublishPlatformNotice(ctx context.Context, actor Actor, in PlatformNoticeInput) (*PlatformNotice, error) {
	return m.noticeBoard().Publish(ctx, actor, in)
}

// ListPlatformNotices lists the notices, newest first (public).
func (m *Marketplace) ListPlatformNotices(ctx context.Context, p Page) (List[*PlatformNotice], error) {
	return m.noticeBoard().List(ctx, p)
}

// FindPlatformNotice returns one notice (public).
func (m *Marketplace) FindPlatformNotice(ctx context.Context, id int64) (*PlatformNotice, error) {
	return m.noticeBoard().Find(ctx, id)
}
