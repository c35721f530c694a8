package market

import (
	"time"

	"marketplace/domain/kernel"
)

// MaxObjectionTextRunes bounds an objection's reason, the owner's answer
// and a complaint's decision (in characters). It is the one source of this
// number; domain re-exports it beside its other limits.
const MaxObjectionTextRunes = 20000

// Objection statuses (SPEC §3: 异议、投诉). Every state has an exit that
// needs nothing from the objector: open → escalated when the answer period
// passes unanswered; answered → answered_accepted when the complaint period
// passes without an escalation; escalated → upheld or rejected by an admin.
const (
	ObjectionOpen      = "open"
	ObjectionAnswered  = "answered"
	ObjectionEscalated = "escalated"
	ObjectionUpheld    = "upheld"
	ObjectionRejected  = "rejected"
	// ObjectionAnsweredAccepted is an answered objection the objector did
	// not escalate within the complaint period: the answer stands.
	ObjectionAnsweredAccepted = "answered_accepted"
)

// Objection is a bidder's challenge to a result in publicity. The objector's
// identity is known to the platform but never published.
type Objection struct {
	ID          int64      `json:"id"`
	ProjectID   int64      `json:"project_id"`
	ObjectorID  int64      `json:"-"`
	CandidateID int64      `json:"candidate_id"`
	Reason      string     `json:"reason"`
	Status      string     `json:"status"`
	Answer      string     `json:"answer,omitempty"`
	AnswerDueAt time.Time  `json:"answer_due_at"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	// ComplaintDueAt ends the objector's time to escalate an answered
	// objection; set with the answer.
	ComplaintDueAt *time.Time `json:"complaint_due_at,omitempty"`
	EscalatedAt    *time.Time `json:"escalated_at,omitempty"`
	Decision       string     `json:"decision,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	// DecidedBy is the admin who decided the complaint (kept, not published).
	DecidedBy *int64    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Objection errors.
var (
	ErrObjectionNotOpen      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "objection_not_open", Message: "The objection is no longer open for an answer."}
	ErrObjectionNotEscalable = &kernel.Error{Code: kernel.ECONFLICT, Reason: "objection_not_escalable", Message: "Only an answered objection, or one left unanswered past its deadline, can be escalated to a complaint."}
	ErrObjectionNotEscalated = &kernel.Error{Code: kernel.ECONFLICT, Reason: "objection_not_escalated", Message: "Only a complaint (an escalated objection) can be decided."}
	ErrAnswerPeriodOver      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "answer_period_over", Message: "The period for answering this objection has ended; the objector may escalate it."}
	ErrComplaintPeriodOver   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "complaint_period_over", Message: "The complaint period has ended: the objection closed with the owner's answer accepted."}
)

// AnswerBy records the owner's answer; it must come before the deadline.
// The objector then has the complaint period to escalate it.
func (o *Objection) AnswerBy(answer string, now, complaintDue time.Time) error {
	if o.Status != ObjectionOpen {
		return ErrObjectionNotOpen
	}
	if !now.Before(o.AnswerDueAt) {
		return ErrAnswerPeriodOver
	}
	o.Status, o.Answer, o.AnsweredAt, o.ComplaintDueAt = ObjectionAnswered, answer, &now, &complaintDue
	return nil
}

// Escalate turns the objection into a complaint for an admin to decide: the
// objector is not satisfied with the answer (and says so within the
// complaint period), or got none in time.
func (o *Objection) Escalate(now time.Time) error {
	switch {
	case o.Status == ObjectionAnswered && o.complaintOver(now), o.Status == ObjectionAnsweredAccepted:
		return ErrComplaintPeriodOver
	case o.Status == ObjectionAnswered:
	case o.Status == ObjectionOpen && !now.Before(o.AnswerDueAt):
	default:
		return ErrObjectionNotEscalable
	}
	o.Status, o.EscalatedAt = ObjectionEscalated, &now
	return nil
}

// complaintOver reports whether the complaint period of an answered
// objection has ended at now.
func (o *Objection) complaintOver(now time.Time) bool {
	return o.ComplaintDueAt != nil && !now.Before(*o.ComplaintDueAt)
}

// Overdue reports whether the objection has a time-driven exit due at now:
// unanswered past the answer period, or answered and not escalated past
// the complaint period.
func (o *Objection) Overdue(now time.Time) bool {
	switch o.Status {
	case ObjectionOpen:
		return !now.Before(o.AnswerDueAt)
	case ObjectionAnswered:
		return o.complaintOver(now)
	}
	return false
}

// CloseAccepted closes an answered objection whose complaint period ended
// without an escalation. It is dated at the end of the period, not at the
// (possibly late) moment the platform noticed.
func (o *Objection) CloseAccepted(now time.Time) error {
	if o.Status != ObjectionAnswered || !o.complaintOver(now) {
		return kernel.Errorf(kernel.ECONFLICT, "objection_not_due", "Objection %d is not an answered objection past its complaint period.", o.ID)
	}
	at := *o.ComplaintDueAt
	o.Status, o.DecidedAt = ObjectionAnsweredAccepted, &at
	return nil
}

// Decide closes a complaint: upheld disqualifies the candidate, rejected
// lets publicity resume.
func (o *Objection) Decide(upheld bool, reason string, now time.Time) error {
	if o.Status != ObjectionEscalated {
		return ErrObjectionNotEscalated
	}
	o.Status, o.Decision, o.DecidedAt = ObjectionRejected, reason, &now
	if upheld {
		o.Status = ObjectionUpheld
	}
	return nil
}
