package market

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// This file is the only code of the module that assigns Project.Status
// (TestProjectStatusAssignedOnlyByStateMachine): Fire and CloseRows read
// the table (Next), write the status through the store, and only then
// update the project.

// StatusWriter is the one store method that writes projects.status.
type StatusWriter interface {
	// SetProjectStatus moves the project from status from to status to, and
	// returns ErrStatusChanged when its status is no longer from.
	SetProjectStatus(ctx context.Context, id int64, from, to string) error
}

// StatusChange is one project's transition in a batch of them.
type StatusChange struct {
	ID       int64
	From, To string
}

// RowCloser is the one store method that writes the closes of a batch of
// locked projects: their statuses and their close time.
type RowCloser interface {
	CloseProjectRows(ctx context.Context, changes []StatusChange, closedAt time.Time) error
}

// CloseRows fires evs[i] on the locked projects ps[i] on behalf of the
// system, in one write for the batch (RowCloser.CloseProjectRows), and only
// then updates each project, its close time included: the batch
// counterpart of Fire for the close.
func CloseRows(ctx context.Context, s RowCloser, ps []*Project, evs []Event, now time.Time) error {
	changes := make([]StatusChange, len(ps))
	for i, p := range ps {
		to, err := Next(p.Status, evs[i], kernel.RoleSystem)
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

// Fire applies ev to the locked project p on behalf of actor: it checks the
// table, writes the status from the status it starts from, and only then
// updates p. With CloseRows, the only place a project's Status changes
// (TestProjectStatusAssignedOnlyByStateMachine).
func Fire(ctx context.Context, s StatusWriter, p *Project, ev Event, actor kernel.Actor) error {
	to, err := Next(p.Status, ev, actor.Role)
	if err != nil {
		return err
	}
	if err := s.SetProjectStatus(ctx, p.ID, p.Status, to); err != nil {
		return err
	}
	p.Status = to
	return nil
}
