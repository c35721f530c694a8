package market

import (
	"slices"

	"marketplace/domain/kernel"
)

// Project statuses (SPEC §3).
const (
	ProjectDraft      = "draft"
	ProjectBidding    = "bidding"
	ProjectEvaluating = "evaluating"
	ProjectFailed     = "failed"
	ProjectPublicity  = "publicity"
	ProjectAwarded    = "awarded"
	ProjectContracted = "contracted"
	ProjectDelivered  = "delivered"
	ProjectAccepted   = "accepted"
	ProjectCompleted  = "completed"
	ProjectCancelled  = "cancelled"
)

// PublicProjectStatuses are the states a published project can be in, in
// lifecycle order (every state but draft): the public data page counts
// each of them.
var PublicProjectStatuses = []string{ProjectBidding, ProjectEvaluating, ProjectPublicity, ProjectAwarded, ProjectContracted,
	ProjectDelivered, ProjectAccepted, ProjectCompleted, ProjectFailed, ProjectCancelled}

// TerminatedProjectStatuses are the states of a 终止/流标公告: cancelled by
// the owner, or failed for want of valid bids.
var TerminatedProjectStatuses = []string{ProjectCancelled, ProjectFailed}

// Event names what moves a project from one status to the next (SPEC §3).
// Together with the status it starts from it picks exactly one row of
// Transitions.
type Event string

// Project events.
const (
	EventPublish       Event = "publish"        // owner opens the draft for bids
	EventCancel        Event = "cancel"         // owner withdraws the project before bidding closes
	EventClose         Event = "close"          // bidding deadline passed with enough valid bids
	EventCloseFailed   Event = "close_failed"   // bidding deadline passed with too few valid bids (流标)
	EventSelect        Event = "select"         // the ranking is published, publicity opens for the first
	EventSelectNone    Event = "select_none"    // nothing left to rank
	EventPromoteNext   Event = "promote_next"   // selected candidate dropped out, the next one waits
	EventDropLast      Event = "drop_last"      // selected candidate dropped out, none waits
	EventAward         Event = "award"          // publicity ran out with no objection pending
	EventSign          Event = "sign"           // the second party signed the contract
	EventOwnerUnsigned Event = "owner_unsigned" // signing period over: the agency signed, the owner did not
	EventDeliver       Event = "deliver"        // the agency delivers the service
	EventAcceptWork    Event = "accept"         // the owner accepts the delivery
	EventReturnWork    Event = "return"         // the owner returns the delivery
	EventEvaluate      Event = "evaluate"       // the owner (or, when the window ends, the platform) rates the agency
)

// Actor role sets of the transitions.
var (
	rolesOwner    = []string{kernel.RoleEnterprise, kernel.RoleDepartment}
	rolesPlatform = []string{kernel.RoleSystem}
)

// Transition is one allowed status change: from a status, on an event, to
// a status, with the condition the use case checks before firing it (Guard,
// as published in docs/lifecycle.md) and the roles of the actors that may
// fire it.
type Transition struct {
	From  string
	Event Event
	To    string
	Guard string
	Roles []string
}

// Transitions is the project state machine: every allowed (from, event) →
// to. A status change not listed here is refused.
var Transitions = []Transition{
	{ProjectDraft, EventPublish, ProjectBidding, "draft valid, item retained, window long enough, avoid list confirmed", rolesOwner},
	{ProjectDraft, EventCancel, ProjectCancelled, "reason given", rolesOwner},
	{ProjectBidding, EventCancel, ProjectCancelled, "before closes_at, reason given", rolesOwner},
	{ProjectBidding, EventClose, ProjectEvaluating, "closes_at passed, valid bids ≥ min_bids", rolesPlatform},
	{ProjectBidding, EventCloseFailed, ProjectFailed, "closes_at passed, valid bids < min_bids", rolesPlatform},
	{ProjectEvaluating, EventSelect, ProjectPublicity, "a ranking with at least one candidate, every abnormally low price decided", append([]string{kernel.RoleSystem}, rolesOwner...)},
	{ProjectEvaluating, EventSelectNone, ProjectFailed, "no valid bid to rank", append([]string{kernel.RoleSystem}, rolesOwner...)},
	{ProjectPublicity, EventPromoteNext, ProjectPublicity, "complaint upheld, a candidate waits", []string{kernel.RoleAdmin}},
	{ProjectPublicity, EventDropLast, ProjectFailed, "complaint upheld, no candidate waits", []string{kernel.RoleAdmin}},
	{ProjectPublicity, EventAward, ProjectAwarded, "publicity_ends_at passed, no objection pending", rolesPlatform},
	{ProjectAwarded, EventPromoteNext, ProjectPublicity, "agency declined or signing_due_at passed unsigned by it, a candidate waits", []string{kernel.RoleAgency, kernel.RoleSystem}},
	{ProjectAwarded, EventDropLast, ProjectFailed, "agency declined or signing_due_at passed unsigned by it, no candidate waits", []string{kernel.RoleAgency, kernel.RoleSystem}},
	{ProjectAwarded, EventSign, ProjectContracted, "both parties signed", []string{kernel.RoleEnterprise, kernel.RoleDepartment, kernel.RoleAgency}},
	{ProjectAwarded, EventOwnerUnsigned, ProjectFailed, "signing_due_at passed, agency signed, owner did not", rolesPlatform},
	{ProjectContracted, EventDeliver, ProjectDelivered, "the contracted agency", []string{kernel.RoleAgency}},
	{ProjectDelivered, EventAcceptWork, ProjectAccepted, "the owner", rolesOwner},
	{ProjectDelivered, EventReturnWork, ProjectContracted, "the owner, reason given", rolesOwner},
	{ProjectAccepted, EventEvaluate, ProjectCompleted, "the owner, or evaluation_due_at passed (default rating)", append([]string{kernel.RoleSystem}, rolesOwner...)},
}

// Errors of the state machine. Use cases check the status first and answer
// with their own error; these are the backstop.
var (
	ErrTransitionNotAllowed = &kernel.Error{Code: kernel.ECONFLICT, Reason: "transition_not_allowed", Message: "The project's status does not allow this."}
	ErrTransitionForbidden  = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "transition_forbidden", Message: "Your role cannot make this change to the project."}
	// ErrStatusChanged is a lost race: the row's status is no longer the one
	// the transition started from.
	ErrStatusChanged = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_status_changed", Message: "The project changed meanwhile; reload and try again."}
)

// Next returns the status ev leads to from status from when an actor of
// role fires it, or why it may not. It only reads the table: the use case
// writes the status (Fire, CloseRows: fire.go).
func Next(from string, ev Event, role string) (string, error) {
	for _, t := range Transitions {
		if t.From == from && t.Event == ev {
			if !slices.Contains(t.Roles, role) {
				return "", ErrTransitionForbidden
			}
			return t.To, nil
		}
	}
	return "", ErrTransitionNotAllowed
}
