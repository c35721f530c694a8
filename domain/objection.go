package domain

import (
	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// Objections and complaints during publicity (异议、投诉): the statuses, the
// Objection with its transitions and its errors live in domain/market.
// The use cases stay here (objection_service.go).

// Objection statuses (market).
const (
	ObjectionOpen             = market.ObjectionOpen
	ObjectionAnswered         = market.ObjectionAnswered
	ObjectionEscalated        = market.ObjectionEscalated
	ObjectionUpheld           = market.ObjectionUpheld
	ObjectionRejected         = market.ObjectionRejected
	ObjectionAnsweredAccepted = market.ObjectionAnsweredAccepted
)

// Objection is a bidder's challenge to a result in publicity (market).
type Objection = market.Objection

// Objection errors (market).
var (
	ErrObjectionNotOpen      = market.ErrObjectionNotOpen
	ErrObjectionNotEscalable = market.ErrObjectionNotEscalable
	ErrObjectionNotEscalated = market.ErrObjectionNotEscalated
	ErrAnswerPeriodOver      = market.ErrAnswerPeriodOver
	ErrComplaintPeriodOver   = market.ErrComplaintPeriodOver
)

// ValidateText checks a free-text field such as a reason or an answer
// (kernel.ValidateText).
func ValidateText(field, value string, max int) (string, error) {
	return kernel.ValidateText(field, value, max)
}
