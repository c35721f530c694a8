package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// The state machine's table is data in domain/market (market.Transitions,
// read by market.Next). Project is still a type of this package, so the
// two functions that write a project's status through the table stay here,
// and this file is the only one that assigns Project.Status
// (TestProjectStatusAssignedOnlyByStateMachine).

// ProjectStatusWriter is the one store method that writes projects.status.
type ProjectStatusWriter interface {
	// SetProjectStatus moves the project from status from to status to, and
	// returns ErrStatusChanged when its status is no longer from.
	SetProjectStatus(ctx context.Context, id int64, from, to string) error
}

// StatusChange is one project's transition in a batch of them.
type StatusChange struct {
	ID       int64
	From, To string
}

// closeProjectRows fires evs[i] on the locked projects ps[i] on behalf of
// the system, in one write for the batch (CloseStore.CloseProjectRows),
// and only then updates each project, its close time included: the batch
// counterpart of fireProject for the close.
func closeProjectRows(ctx context.Context, s CloseStore, ps []*Project, evs []ProjectEvent, now time.Time) error {
	changes := make([]StatusChange, len(ps))
	for i, p := range ps {
		to, err := market.Next(p.Status, evs[i], RoleSystem)
		if err != nil {
			return err
		}
		changes[i] = StatusChange{ID: p.ID, From: p.Status, To: to}
	}
	if err := s.CloseProjectRows(ctx, changes, now); err != nil {
		return err
	}
	for i, p := range ps {
		p.Status, p.ClosedAt = changes[i].To, &now
	}
	return nil
}

// fireProject applies ev to the locked project p on behalf of actor: it
// checks the table, writes the status from the status it starts from, and
// only then updates p. This is the only place a project's Status changes
// (TestProjectStatusAssignedOnlyByStateMachine).
func fireProject(ctx context.Context, s ProjectStatusWriter, p *Project, ev ProjectEvent, actor Actor) error {
	to, err := market.Next(p.Status, ev, actor.Role)
	if err != nil {
		return err
	}
	if err := s.SetProjectStatus(ctx, p.ID, p.Status, to); err != nil {
		return err
	}
	p.Status = to
	return nil
}
