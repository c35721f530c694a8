package domain

import (
	"context"
	"slices"
	"time"
)

// ProjectEvent names what moves a project from one status to the next
// (SPEC §3). Together with the status it starts from it picks exactly one
// row of ProjectTransitions.
type ProjectEvent string

// Project events.
const (
	EventPublish       ProjectEvent = "publish"        // owner opens the draft for bids
	EventCancel        ProjectEvent = "cancel"         // owner withdraws the project before bidding closes
	EventClose         ProjectEvent = "close"          // bidding deadline passed with enough valid bids
	EventCloseFailed   ProjectEvent = "close_failed"   // bidding deadline passed with too few valid bids (流标)
	EventSelect        ProjectEvent = "select"         // the ranking is published, publicity opens for the first
	EventSelectNone    ProjectEvent = "select_none"    // nothing left to rank
	EventPromoteNext   ProjectEvent = "promote_next"   // selected candidate dropped out, the next one waits
	EventDropLast      ProjectEvent = "drop_last"      // selected candidate dropped out, none waits
	EventAward         ProjectEvent = "award"          // publicity ran out with no objection pending
	EventSign          ProjectEvent = "sign"           // the second party signed the contract
	EventOwnerUnsigned ProjectEvent = "owner_unsigned" // signing period over: the agency signed, the owner did not
	EventDeliver       ProjectEvent = "deliver"        // the agency delivers the service
	EventAcceptWork    ProjectEvent = "accept"         // the owner accepts the delivery
	EventReturnWork    ProjectEvent = "return"         // the owner returns the delivery
	EventEvaluate      ProjectEvent = "evaluate"       // the owner (or, when the window ends, the platform) rates the agency
)

// Actor role sets of the transitions.
var (
	rolesOwner    = []string{RoleEnterprise, RoleDepartment}
	rolesPlatform = []string{RoleSystem}
)

// ProjectTransition is one allowed status change: from a status, on an
// event, to a status, with the condition the use case checks before firing
// it (Guard, as published in docs/lifecycle.md) and the roles of the actors
// that may fire it.
type ProjectTransition struct {
	From  string
	Event ProjectEvent
	To    string
	Guard string
	Roles []string
}

// ProjectTransitions is the project state machine: every allowed
// (from, event) → to. A status change not listed here is refused.
var ProjectTransitions = []ProjectTransition{
	{ProjectDraft, EventPublish, ProjectBidding, "draft valid, item retained, window long enough, avoid list confirmed", rolesOwner},
	{ProjectDraft, EventCancel, ProjectCancelled, "reason given", rolesOwner},
	{ProjectBidding, EventCancel, ProjectCancelled, "before closes_at, reason given", rolesOwner},
	{ProjectBidding, EventClose, ProjectEvaluating, "closes_at passed, valid bids ≥ min_bids", rolesPlatform},
	{ProjectBidding, EventCloseFailed, ProjectFailed, "closes_at passed, valid bids < min_bids", rolesPlatform},
	{ProjectEvaluating, EventSelect, ProjectPublicity, "a ranking with at least one candidate, every abnormally low price decided", append([]string{RoleSystem}, rolesOwner...)},
	{ProjectEvaluating, EventSelectNone, ProjectFailed, "no valid bid to rank", append([]string{RoleSystem}, rolesOwner...)},
	{ProjectPublicity, EventPromoteNext, ProjectPublicity, "complaint upheld, a candidate waits", []string{RoleAdmin}},
	{ProjectPublicity, EventDropLast, ProjectFailed, "complaint upheld, no candidate waits", []string{RoleAdmin}},
	{ProjectPublicity, EventAward, ProjectAwarded, "publicity_ends_at passed, no objection pending", rolesPlatform},
	{ProjectAwarded, EventPromoteNext, ProjectPublicity, "agency declined or signing_due_at passed unsigned by it, a candidate waits", []string{RoleAgency, RoleSystem}},
	{ProjectAwarded, EventDropLast, ProjectFailed, "agency declined or signing_due_at passed unsigned by it, no candidate waits", []string{RoleAgency, RoleSystem}},
	{ProjectAwarded, EventSign, ProjectContracted, "both parties signed", []string{RoleEnterprise, RoleDepartment, RoleAgency}},
	{ProjectAwarded, EventOwnerUnsigned, ProjectFailed, "signing_due_at passed, agency signed, owner did not", rolesPlatform},
	{ProjectContracted, EventDeliver, ProjectDelivered, "the contracted agency", []string{RoleAgency}},
	{ProjectDelivered, EventAcceptWork, ProjectAccepted, "the owner", rolesOwner},
	{ProjectDelivered, EventReturnWork, ProjectContracted, "the owner, reason given", rolesOwner},
	{ProjectAccepted, EventEvaluate, ProjectCompleted, "the owner, or evaluation_due_at passed (default rating)", append([]string{RoleSystem}, rolesOwner...)},
}

// Errors of the state machine. Use cases check the status first and answer
// with their own error; these are the backstop.
var (
	ErrTransitionNotAllowed = &Error{Code: ECONFLICT, Reason: "transition_not_allowed", Message: "The project's status does not allow this."}
	ErrTransitionForbidden  = &Error{Code: EFORBIDDEN, Reason: "transition_forbidden", Message: "Your role cannot make this change to the project."}
	// ErrStatusChanged is a lost race: the row's status is no longer the one
	// the transition started from.
	ErrStatusChanged = &Error{Code: ECONFLICT, Reason: "project_status_changed", Message: "The project changed meanwhile; reload and try again."}
)

// NextProjectStatus returns the status event leads to from status from when
// an actor of role fires it, or why it may not.
func NextProjectStatus(from string, ev ProjectEvent, role string) (string, error) {
	for _, t := range ProjectTransitions {
		if t.From == from && t.Event == ev {
			if !slices.Contains(t.Roles, role) {
				return "", ErrTransitionForbidden
			}
			return t.To, nil
		}
	}
	return "", ErrTransitionNotAllowed
}

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
		to, err := NextProjectStatus(p.Status, evs[i], RoleSystem)
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
	to, err := NextProjectStatus(p.Status, ev, actor.Role)
	if err != nil {
		return err
	}
	if err := s.SetProjectStatus(ctx, p.ID, p.Status, to); err != nil {
		return err
	}
	p.Status = to
	return nil
}
