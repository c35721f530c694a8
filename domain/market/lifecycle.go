package market

import (
	"time"

	"marketplace/domain/kernel"
)

// Candidate statuses (project_candidates.status).
const (
	CandidateWaiting      = "waiting"
	CandidateSelected     = "selected"
	CandidateDisqualified = "disqualified"
	CandidateDeclined     = "declined"
	CandidateLapsed       = "lapsed"
)

// Lifecycle is the stage state of a project after bidding closes: its
// status, the selected agency and the deadline of the current stage. All
// times are on the platform clock.
type Lifecycle struct {
	ProjectID          int64          `json:"project_id"`
	AwardedAgencyID    *int64         `json:"awarded_agency_id"`
	PublicityEndsAt    *time.Time     `json:"publicity_ends_at"`
	PublicityRemaining *time.Duration `json:"-"`
	SigningDueAt       *time.Time     `json:"signing_due_at"`
	ServiceDueAt       *time.Time     `json:"service_due_at"`
	Overdue            bool           `json:"overdue"`
	AcceptedAt         *time.Time     `json:"accepted_at"`
	EvaluationDueAt    *time.Time     `json:"evaluation_due_at"`
}

// ProjectCandidate is one place of a published ranking. The first is
// selected; the others wait to be promoted if it drops out.
type ProjectCandidate struct {
	ProjectID  int64        `json:"-"`
	Rank       int          `json:"rank"`
	BidID      *int64       `json:"bid_id"`
	AgencyID   int64        `json:"agency_id"`
	AgencyName string       `json:"agency_name"`
	Price      kernel.Money `json:"price"`
	Score      *float64     `json:"score"`
	Status     string       `json:"status"`
	Reason     string       `json:"reason"`
}

// Lifecycle errors.
var (
	ErrNotEvaluating = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_evaluating", Message: "The project is not awaiting selection."}
	ErrNotAwarded    = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_awarded", Message: "The project is not awaiting contract signature."}
	ErrNotPublicity  = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_in_publicity", Message: "The project's result is not in publicity."}
	// ErrNotAccepted answers an evaluation outside the evaluation window.
	ErrNotAccepted = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_accepted", Message: "The project is not awaiting evaluation (it was evaluated already, or is not accepted yet)."}
)

// SelectedCandidate returns the selected candidate, or nil.
func SelectedCandidate(cs []*ProjectCandidate) *ProjectCandidate {
	for _, c := range cs {
		if c.Status == CandidateSelected {
			return c
		}
	}
	return nil
}

// LifecycleView is the public stage state of a project with its ranked
// candidates, contract and evaluation (GET /projects/{id}/lifecycle).
type LifecycleView struct {
	// Status is the project's, read when the view is made.
	Status string `json:"status"`
	Lifecycle
	PublicityRemainingSeconds *float64            `json:"publicity_remaining_seconds"`
	Candidates                []*ProjectCandidate `json:"candidates"`
	Contract                  *Contract           `json:"contract"`
	Evaluation                *Evaluation         `json:"evaluation"`
}

// Paused reports whether publicity is paused by an objection.
func (v *LifecycleView) Paused() bool {
	return v.Status == ProjectPublicity && v.PublicityRemaining != nil
}
