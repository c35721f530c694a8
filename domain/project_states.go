package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// The state machine's table and the two functions that write a project's
// status through it are in domain/market (market.Transitions, market.Fire,
// market.CloseRows, domain/market/fire.go, the only code that assigns
// Project.Status: TestProjectStatusAssignedOnlyByStateMachine). The use
// cases here call them through these names.

// ProjectStatusWriter is the one store method that writes projects.status
// (market.StatusWriter).
type ProjectStatusWriter = market.StatusWriter

// StatusChange is one project's transition in a batch of them (market).
type StatusChange = market.StatusChange

// closeProjectRows fires evs[i] on the locked projects ps[i] on behalf of
// the system, in one write for the batch (market.CloseRows over
// CloseStore.CloseProjectRows).
func closeProjectRows(ctx context.Context, s CloseStore, ps []*Project, evs []ProjectEvent, now time.Time) error {
	return market.CloseRows(ctx, s, ps, evs, now)
}

// fireProject applies ev to the locked project p on behalf of actor
// (market.Fire): the table, then the store, then p.
func fireProject(ctx context.Context, s ProjectStatusWriter, p *Project, ev ProjectEvent, actor Actor) error {
	return market.Fire(ctx, s, p, ev, actor)
}
