package domain

import (
	"context"
	"slices"
	"testing"

	"marketplace/domain/market"
)

// statusRow is one projects row as far as SetProjectStatus sees it: it
// changes only from the status it holds, like the SQL it stands for.
type statusRow struct {
	status string
	writes int
}

func (r *statusRow) SetProjectStatus(_ context.Context, _ int64, from, to string) error {
	if r.status != from {
		return market.ErrStatusChanged
	}
	r.status = to
	r.writes++
	return nil
}

var allProjectStatuses = []string{market.ProjectDraft, market.ProjectBidding, market.ProjectEvaluating, market.ProjectFailed, market.ProjectPublicity, market.ProjectAwarded,
	market.ProjectContracted, market.ProjectDelivered, market.ProjectAccepted, market.ProjectCompleted, market.ProjectCancelled}

var allProjectEvents = []market.Event{market.EventPublish, market.EventCancel, market.EventClose, market.EventCloseFailed, market.EventSelect, market.EventSelectNone,
	market.EventPromoteNext, market.EventDropLast, market.EventAward, market.EventSign, market.EventOwnerUnsigned, market.EventDeliver, market.EventAcceptWork, market.EventReturnWork, market.EventEvaluate}

var allRoles = []string{RoleEnterprise, RoleDepartment, RoleAgency, RoleAdmin, RoleSystem}

// TestProjectTransitionsWalk drives every row of the table
// (market.Transitions, whose rows domain/market checks) through
// fireProject with every role, and every (status, event) pair the table
// does not list, checking what is allowed moves the project and the row
// and what is not changes neither.
func TestProjectTransitionsWalk(t *testing.T) {
	ctx := context.Background()
	listed := map[string]map[market.Event]market.Transition{}
	for _, tr := range market.Transitions {
		if listed[tr.From] == nil {
			listed[tr.From] = map[market.Event]market.Transition{}
		}
		listed[tr.From][tr.Event] = tr
	}
	for _, from := range allProjectStatuses {
		for _, ev := range allProjectEvents {
			tr, ok := listed[from][ev]
			for _, role := range allRoles {
				p, row := &market.Project{ID: 7, Status: from}, &statusRow{status: from}
				err := fireProject(ctx, row, p, ev, Actor{ID: 1, Role: role})
				allowed := ok && slices.Contains(tr.Roles, role)
				switch {
				case allowed && (err != nil || p.Status != tr.To || row.status != tr.To || row.writes != 1):
					t.Errorf("%s --%s--> as %s: err %v, project %s, row %s (%d writes); want %s", from, ev, role, err, p.Status, row.status, row.writes, tr.To)
				case !allowed && ok && err != market.ErrTransitionForbidden:
					t.Errorf("%s --%s--> as %s: err %v, want transition_forbidden", from, ev, role, err)
				case !ok && err != market.ErrTransitionNotAllowed:
					t.Errorf("%s --%s--> as %s: err %v, want transition_not_allowed", from, ev, role, err)
				case !allowed && (p.Status != from || row.writes != 0):
					t.Errorf("%s --%s--> as %s refused but changed the project to %s (%d writes)", from, ev, role, p.Status, row.writes)
				}
			}
		}
	}
}

// TestProjectTransitionLostRace: when the row's status is no longer the one
// the project was read with, the transition is a conflict and the project
// keeps its status.
func TestProjectTransitionLostRace(t *testing.T) {
	p, row := &market.Project{ID: 7, Status: market.ProjectBidding}, &statusRow{status: market.ProjectCancelled}
	err := fireProject(context.Background(), row, p, market.EventClose, SystemActor)
	if err != market.ErrStatusChanged || ErrorCode(err) != ECONFLICT || p.Status != market.ProjectBidding || row.status != market.ProjectCancelled {
		t.Fatalf("lost race: err %v, project %s, row %s", err, p.Status, row.status)
	}
}
