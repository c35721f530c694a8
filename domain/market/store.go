package market

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// LockMode says how FindProjectByID locks the project row for the rest of
// the transaction. Sealed bids take LockShare, so that bids on one project
// run side by side while the close (LockUpdate) waits for them and they wait
// for it; auction bids and state changes take LockUpdate.
type LockMode int

// Lock modes.
const (
	NoLock LockMode = iota
	LockShare
	LockUpdate
)

// ProjectReader reads one project, locked as the use case needs.
type ProjectReader interface {
	// FindProjectByID loads a project with its avoid list, locking its row
	// as lock says (ErrProjectNotFound).
	FindProjectByID(ctx context.Context, id int64, lock LockMode) (*Project, error)
}

// LockOwnProject locks actor's own project for update: another's project
// is not found when actor may not see it, and forbidden when actor may.
func LockOwnProject(ctx context.Context, s ProjectReader, actor kernel.Actor, id int64) (*Project, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	p, err := s.FindProjectByID(ctx, id, LockUpdate)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	if !p.IsOwner(actor) {
		return nil, kernel.Errorf(kernel.EFORBIDDEN, "not_owner", "Only the project's owner can do this.")
	}
	return p, nil
}

// ClockedProjectReader is a ProjectReader that reads the platform clock.
type ClockedProjectReader interface {
	ProjectReader
	Now(ctx context.Context) (time.Time, error)
}

// LockOwnProjectAt is LockOwnProject followed by the platform clock, read
// after the lock so that a deadline compared with it cannot pass while the
// change waits for the row.
func LockOwnProjectAt(ctx context.Context, s ClockedProjectReader, actor kernel.Actor, id int64) (*Project, time.Time, error) {
	p, err := LockOwnProject(ctx, s, actor, id)
	if err != nil {
		return nil, time.Time{}, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, time.Time{}, err
	}
	return p, now, nil
}

// AgencyNotice is an in-app notification (and e-mail, where mail is set
// up) a market use case sends to agencies about a project, once per
// dedupe key and agency.
type AgencyNotice struct {
	Kind      string
	Title     string
	Body      string
	ProjectID int64
	DedupeKey string
	At        time.Time
}

// Notifier sends notices in the transaction of the change they report
// (domain fills it with opendata's notifications).
type Notifier interface {
	NotifyAgencies(ctx context.Context, n AgencyNotice, to []int64) error
}
