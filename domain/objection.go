package domain

import (
	"marketplace/domain/kernel"
)

// Objections and complaints during publicity (异议、投诉): the statuses, the
// Objection with its transitions and its errors live in domain/market.
// The use cases stay here (objection_service.go).

// ValidateText checks a free-text field such as a reason or an answer
// (kernel.ValidateText).
func ValidateText(field, value string, max int) (string, error) {
	return kernel.ValidateText(field, value, max)
}
