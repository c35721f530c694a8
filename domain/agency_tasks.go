package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// What an agency has to do on a project awarded to it.
const (
	AgencyTaskSign    = "sign"    // awarded, the agency has not signed the contract
	AgencyTaskDeliver = "deliver" // contracted: deliver the service
	AgencyTaskReply   = "reply"   // completed: the owner's evaluation awaits a reply
)

// AwardedProject is what the agency's to-do list reads of one project
// awarded to it (LifecycleStore.FindAwardedProjects).
type AwardedProject struct {
	ProjectID    int64
	Title        string
	Status       string
	SigningDueAt *time.Time
	ServiceDueAt *time.Time
	AgencySigned bool // the contract bears the agency's signature
	Evaluated    bool // the owner's evaluation exists
	Replied      bool // the agency has replied to it
}

// AgencyTask is the agency's next action on one awarded project.
type AgencyTask struct {
	ProjectID int64
	Title     string
	Task      string     // AgencyTask…
	Deadline  *time.Time // nil when the stage has none
}

// agencyTaskStatuses are the project states where the awarded agency may
// have something to do.
var agencyTaskStatuses = []string{market.ProjectAwarded, market.ProjectContracted, market.ProjectCompleted}

// NextTask is the agency's next action on the project; ok is false when
// the agency waits on the owner or has nothing more to do.
func (a *AwardedProject) NextTask() (t AgencyTask, ok bool) {
	t = AgencyTask{ProjectID: a.ProjectID, Title: a.Title}
	switch {
	case a.Status == market.ProjectAwarded && !a.AgencySigned:
		t.Task, t.Deadline = AgencyTaskSign, a.SigningDueAt
	case a.Status == market.ProjectContracted:
		t.Task, t.Deadline = AgencyTaskDeliver, a.ServiceDueAt
	case a.Status == market.ProjectCompleted && a.Evaluated && !a.Replied:
		t.Task = AgencyTaskReply
	default:
		return t, false
	}
	return t, true
}

// AgencyTasks lists the calling agency's next actions on every project
// awarded to it, in one read whatever the size of the platform.
func (m *Marketplace) AgencyTasks(ctx context.Context, actor Actor) ([]AgencyTask, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if actor.Role != RoleAgency {
		return nil, ErrForbidden
	}
	projects, err := m.Store.FindAwardedProjects(ctx, actor.ID, agencyTaskStatuses)
	if err != nil {
		return nil, err
	}
	var tasks []AgencyTask
	for _, p := range projects {
		if t, ok := p.NextTask(); ok {
			tasks = append(tasks, t)
		}
	}
	return tasks, nil
}
