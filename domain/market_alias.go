package domain

import "marketplace/domain/market"

// The project state machine lives in domain/market. These aliases keep the
// names api/, web/, jobs/, storage/ and the use cases here already write.

// Project statuses (market).
const (
	ProjectDraft      = market.ProjectDraft
	ProjectBidding    = market.ProjectBidding
	ProjectEvaluating = market.ProjectEvaluating
	ProjectFailed     = market.ProjectFailed
	ProjectPublicity  = market.ProjectPublicity
	ProjectAwarded    = market.ProjectAwarded
	ProjectContracted = market.ProjectContracted
	ProjectDelivered  = market.ProjectDelivered
	ProjectAccepted   = market.ProjectAccepted
	ProjectCompleted  = market.ProjectCompleted
	ProjectCancelled  = market.ProjectCancelled
)

// Lists of project statuses (market).
var (
	PublicProjectStatuses     = market.PublicProjectStatuses
	TerminatedProjectStatuses = market.TerminatedProjectStatuses
)

// The state machine's types and table (market).
type (
	ProjectEvent      = market.Event
	ProjectTransition = market.Transition
)

// ProjectTransitions is the table of the state machine (market.Transitions).
var ProjectTransitions = market.Transitions

// NextProjectStatus reads the table (market.Next).
func NextProjectStatus(from string, ev ProjectEvent, role string) (string, error) {
	return market.Next(from, ev, role)
}

// Project events (market).
const (
	EventPublish       = market.EventPublish
	EventCancel        = market.EventCancel
	EventClose         = market.EventClose
	EventCloseFailed   = market.EventCloseFailed
	EventSelect        = market.EventSelect
	EventSelectNone    = market.EventSelectNone
	EventPromoteNext   = market.EventPromoteNext
	EventDropLast      = market.EventDropLast
	EventAward         = market.EventAward
	EventSign          = market.EventSign
	EventOwnerUnsigned = market.EventOwnerUnsigned
	EventDeliver       = market.EventDeliver
	EventAcceptWork    = market.EventAcceptWork
	EventReturnWork    = market.EventReturnWork
	EventEvaluate      = market.EventEvaluate
)

// Errors of the state machine (market).
var (
	ErrTransitionNotAllowed = market.ErrTransitionNotAllowed
	ErrTransitionForbidden  = market.ErrTransitionForbidden
	ErrStatusChanged        = market.ErrStatusChanged
)
