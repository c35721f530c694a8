package domain

import (
	"context"

	"marketplace/domain/market"
)

// The state machine's table and the two functions that write a project's
// status through it are in domain/market (market.Transitions, market.Fire,
// market.CloseRows, domain/market/fire.go, the only code that assigns
// Project.Status: TestProjectStatusAssignedOnlyByStateMachine). The use
// cases here call them through these names.

// fireProject applies ev to the locked project p on behalf of actor
// (market.Fire): the table, then the store, then p.
func fireProject(ctx context.Context, s market.StatusWriter, p *market.Project, ev market.Event, actor Actor) error {
	return market.Fire(ctx, s, p, ev, actor)
}
