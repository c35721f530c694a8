package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// PlatformNotice is a 通知公告 of the platform itself: maintenance windows,
// rule changes, holiday arrangements. Admins publish them; everyone reads
// them. They are not procurement notices (those are projects).
type PlatformNotice struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy int64     `json:"-"`
}

// PlatformNoticeInput is an admin's new notice.
type PlatformNoticeInput struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// The limits of a platform notice.
const (
	MinPlatformNoticeTitleRunes = 2
	MaxPlatformNoticeTitleRunes = 200
	MaxPlatformNoticeBodyRunes  = 20000
)

// ErrPlatformNoticeNotFound answers an unknown notice id.
var ErrPlatformNoticeNotFound = &Error{Code: ENOTFOUND, Reason: "notice_not_found", Message: "No notice with this id."}

// PlatformNoticeStore persists the platform's notices.
type PlatformNoticeStore interface {
	CreatePlatformNotice(ctx context.Context, n *PlatformNotice) error
	ListPlatformNotices(ctx context.Context, p Page) ([]*PlatformNotice, int, error)
	FindPlatformNotice(ctx context.Context, id int64) (*PlatformNotice, error)
}

// Validate trims the input and checks its lengths and text.
func (in *PlatformNoticeInput) Validate() error {
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	if n := utf8.RuneCountInString(in.Title); n < MinPlatformNoticeTitleRunes || n > MaxPlatformNoticeTitleRunes {
		return FieldError("title", "title_length", "The title must be %d to %d characters.", MinPlatformNoticeTitleRunes, MaxPlatformNoticeTitleRunes)
	}
	if in.Body == "" {
		return FieldError("body", "body_required", "The notice needs its text.")
	}
	if err := CheckMaxRunes("body", in.Body, MaxPlatformNoticeBodyRunes); err != nil {
		return err
	}
	if err := CheckText("title", in.Title); err != nil {
		return err
	}
	return CheckText("body", in.Body)
}

// PublishPlatformNotice publishes an admin's notice at once, audited.
func (m *Marketplace) PublishPlatformNotice(ctx context.Context, actor Actor, in PlatformNoticeInput) (*PlatformNotice, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if actor.Role != RoleAdmin {
		return nil, ErrForbidden
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *PlatformNotice
	err := m.Store.InTx(ctx, func(s Store) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		n := &PlatformNotice{Title: in.Title, Body: in.Body, PublishedAt: now, PublishedBy: actor.ID}
		if err := s.CreatePlatformNotice(ctx, n); err != nil {
			return err
		}
		out = n
		return s.AppendAudit(ctx, NewAudit(actor, "notice.published", "platform_notice", strconv.FormatInt(n.ID, 10),
			map[string]any{"title": n.Title}))
	})
	return out, err
}

// ListPlatformNotices lists the notices, newest first (public).
func (m *Marketplace) ListPlatformNotices(ctx context.Context, p Page) (List[*PlatformNotice], error) {
	items, total, err := m.Store.ListPlatformNotices(ctx, p)
	if err != nil {
		return List[*PlatformNotice]{}, err
	}
	return NewList(items, total, p), nil
}

// FindPlatformNotice returns one notice (public).
func (m *Marketplace) FindPlatformNotice(ctx context.Context, id int64) (*PlatformNotice, error) {
	return m.Store.FindPlatformNotice(ctx, id)
}
