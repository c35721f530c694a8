package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Objection statuses (SPEC §3: 异议、投诉).
const (
	ObjectionOpen      = "open"
	ObjectionAnswered  = "answered"
	ObjectionEscalated = "escalated"
	ObjectionUpheld    = "upheld"
	ObjectionRejected  = "rejected"
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
	EscalatedAt *time.Time `json:"escalated_at,omitempty"`
	Decision    string     `json:"decision,omitempty"`
	DecidedAt   *time.Time `json:"decided_at,omitempty"`
	// DecidedBy is the admin who decided the complaint (kept, not published).
	DecidedBy *int64    `json:"-"`
	CreatedAt time.Time `json:"created_at"`
}

// Objection errors.
var (
	ErrObjectionNotOpen      = &Error{Code: ECONFLICT, Reason: "objection_not_open", Message: "The objection is no longer open for an answer."}
	ErrObjectionNotEscalable = &Error{Code: ECONFLICT, Reason: "objection_not_escalable", Message: "Only an answered objection, or one left unanswered past its deadline, can be escalated to a complaint."}
	ErrObjectionNotEscalated = &Error{Code: ECONFLICT, Reason: "objection_not_escalated", Message: "Only a complaint (an escalated objection) can be decided."}
	ErrAnswerPeriodOver      = &Error{Code: ECONFLICT, Reason: "answer_period_over", Message: "The period for answering this objection has ended; the objector may escalate it."}
)

// ValidateText checks a free-text field such as a reason or an answer.
func ValidateText(field, value string, max int) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", FieldError(field, field+"_required", "%s is required.", field)
	}
	if utf8.RuneCountInString(v) > max {
		return "", FieldError(field, field+"_too_long", "%s must be at most %d characters.", field, max)
	}
	return v, nil
}

// AnswerBy records the owner's answer; it must come before the deadline.
func (o *Objection) AnswerBy(answer string, now time.Time) error {
	if o.Status != ObjectionOpen {
		return ErrObjectionNotOpen
	}
	if !now.Before(o.AnswerDueAt) {
		return ErrAnswerPeriodOver
	}
	o.Status, o.Answer, o.AnsweredAt = ObjectionAnswered, answer, &now
	return nil
}

// Escalate turns the objection into a complaint for an admin to decide: the
// objector is not satisfied with the answer, or got none in time.
func (o *Objection) Escalate(now time.Time) error {
	switch {
	case o.Status == ObjectionAnswered:
	case o.Status == ObjectionOpen && !now.Before(o.AnswerDueAt):
	default:
		return ErrObjectionNotEscalable
	}
	o.Status, o.EscalatedAt = ObjectionEscalated, &now
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
