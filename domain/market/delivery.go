package market

import (
	"context"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// Delivery statuses.
const (
	DeliverySubmitted = "submitted"
	DeliveryAccepted  = "accepted"
	DeliveryReturned  = "returned"
)

// MaxDeliveryNoteRunes bounds a delivery's note and a return's reason.
const MaxDeliveryNoteRunes = 5000

// Delivery is the agency's delivery of the service result; the owner
// accepts it or returns it with a reason (the agency then redelivers).
type Delivery struct {
	ID           int64           `json:"id"`
	ProjectID    int64           `json:"project_id"`
	AgencyID     int64           `json:"agency_id"`
	Note         string          `json:"note"`
	Document     *files.Document `json:"document"`
	Status       string          `json:"status"`
	ReturnReason string          `json:"return_reason,omitempty"`
	DeliveredAt  time.Time       `json:"delivered_at"`
	DecidedAt    *time.Time      `json:"decided_at"`
}

// Delivery errors.
var (
	ErrNotContracted = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_contracted", Message: "The project is not awaiting delivery."}
	ErrNotDelivered  = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_delivered", Message: "There is no delivery awaiting acceptance."}
)

// DeliveryReader reads a project's deliveries, oldest first.
type DeliveryReader interface {
	FindDeliveries(ctx context.Context, projectID int64) ([]*Delivery, error)
}

// DeliveryStore persists the agency's deliveries and the document record
// a delivery carries.
type DeliveryStore interface {
	DeliveryReader
	CreateDelivery(ctx context.Context, d *Delivery) error
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// CreateFile records an uploaded document (once per content).
	CreateFile(ctx context.Context, d files.Document) error
}
