package domain

import "marketplace/domain/market"

// Delivery statuses, the delivery and its errors (market; the use cases
// are market.PostAward's, deliveries_service.go).
const (
	DeliverySubmitted = market.DeliverySubmitted
	DeliveryAccepted  = market.DeliveryAccepted
	DeliveryReturned  = market.DeliveryReturned
)

// Delivery is market.Delivery.
type Delivery = market.Delivery

// A department's payment for a budget-funded project and its input
// (market; the use cases are market.PostAward's, payments_service.go).
type (
	Payment      = market.Payment
	PaymentInput = market.PaymentInput
)

// Delivery errors.
var (
	ErrNotContracted = market.ErrNotContracted
	ErrNotDelivered  = market.ErrNotDelivered
)
