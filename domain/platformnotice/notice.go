package platformnotice

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Notice is a 通知公告 of the platform itself: maintenance windows,
// rule changes, holiday arrangements. Admins publish them; everyone reads
// them. They are not procurement notices (those are projects).
type Notice struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	PublishedAt time.Time `json:"published_at"`
	PublishedBy int64     `json:"-"`
}

// Input is an admin's new notice.
type Input struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// The limits of a platform notice.
const (
	MinTitleRunes = 2
	MaxTitleRunes = 200
	MaxBodyRunes  = 20000
)

// ErrNotFound answers an unknown notice id.
var ErrNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "notice_not_found", Message: "No notice with this id."}

// Store persists the platform's notices.
type Store interface {
	CreatePlatformNotice(ctx context.Context, n *Notice) error
	ListPlatformNotices(ctx context.Context, p kernel.Page) ([]*Notice, int, error)
	FindPlatformNotice(ctx context.Context, id int64) (*Notice, error)
}

// Tx is a publication's transaction: the store, the clock and the audit log.
type Tx interface {
	Store
	kernel.Auditor
}

// Board holds the notices' use cases; domain.Marketplace builds one per
// call from its store.
type Board struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
}

// Validate trims the input and checks its lengths and text.
func (in *Input) Validate() error {
	in.Title, in.Body = strings.TrimSpace(in.Title), strings.TrimSpace(in.Body)
	if n := utf8.RuneCountInString(in.Title); n < MinTitleRunes || n > MaxTitleRunes {
		return kernel.FieldError("title", "title_length", "The title must be %d to %d characters.", MinTitleRunes, MaxTitleRunes)
	}
	if in.Body == "" {
		return kernel.FieldError("body", "body_required", "The notice needs its text.")
	}
	if err := kernel.CheckMaxRunes("body", in.Body, MaxBodyRunes); err != nil {
		return err
	}
	if err := kernel.CheckText("title", in.Title); err != nil {
		return err
	}
	return kernel.CheckText("body", in.Body)
}

// Publish publishes an admin's notice at once, audited.
func (b *Board) Publish(ctx context.Context, actor kernel.Actor, in Input) (*Notice, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	if actor.Role != kernel.RoleAdmin {
		return nil, kernel.ErrForbidden
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *Notice
	err := b.InTx(ctx, func(s Tx) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		n := &Notice{Title: in.Title, Body: in.Body, PublishedAt: now, PublishedBy: actor.ID}
		if err := s.CreatePlatformNotice(ctx, n); err != nil {
			return err
		}
		out = n
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "notice.published", "platform_notice", strconv.FormatInt(n.ID, 10),
			map[string]any{"title": n.Title}))
	})
	return out, err
}

// List lists the notices, newest first (public).
func (b *Board) List(ctx context.Context, p kernel.Page) (kernel.List[*Notice], error) {
	items, total, err := b.Store.ListPlatformNotices(ctx, p)
	if err != nil {
		return kernel.List[*Notice]{}, err
	}
	return kernel.NewList(items, total, p), nil
}

// Find returns one notice (public).
func (b *Board) Find(ctx context.Context, id int64) (*Notice, error) {
	return b.Store.FindPlatformNotice(ctx, id)
}
