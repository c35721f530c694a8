package domain

import (
	"time"

	"marketplace/domain/market"
)

// Delivery statuses.
const (
	DeliverySubmitted = "submitted"
	DeliveryAccepted  = "accepted"
	DeliveryReturned  = "returned"
)

// Delivery is the agency's delivery of the service result; the owner
// accepts it or returns it with a reason (the agency then redelivers).
type Delivery struct {
	ID           int64      `json:"id"`
	ProjectID    int64      `json:"project_id"`
	AgencyID     int64      `json:"agency_id"`
	Note         string     `json:"note"`
	Document     *Document  `json:"document"`
	Status       string     `json:"status"`
	ReturnReason string     `json:"return_reason,omitempty"`
	DeliveredAt  time.Time  `json:"delivered_at"`
	DecidedAt    *time.Time `json:"decided_at"`
}

// A department's payment for a budget-funded project and its input
// (market; the use cases are market.PostAward's, payments_service.go).
type (
	Payment      = market.Payment
	PaymentInput = market.PaymentInput
)

// Delivery errors.
var (
	ErrNotContracted = &Error{Code: ECONFLICT, Reason: "project_not_contracted", Message: "The project is not awaiting delivery."}
	ErrNotDelivered  = &Error{Code: ECONFLICT, Reason: "project_not_delivered", Message: "There is no delivery awaiting acceptance."}
)
