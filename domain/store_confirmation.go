package domain

import "context"

// ConfirmationStore persists the second-department confirmation queue.
type ConfirmationStore interface {
	// CreateConfirmation inserts a request and sets its ID and requester name.
	CreateConfirmation(ctx context.Context, c *Confirmation) error
	// FindConfirmation returns one request, locked FOR UPDATE when asked;
	// ErrConfirmationNotFound when there is none.
	FindConfirmation(ctx context.Context, id int64, forUpdate bool) (*Confirmation, error)
	// FindConfirmationOf returns the request about one subject, locked FOR
	// UPDATE; ErrConfirmationNotFound when there is none.
	FindConfirmationOf(ctx context.Context, subject string, subjectID int64) (*Confirmation, error)
	// UpdateConfirmation writes status, confirmed_by and confirmed_at.
	UpdateConfirmation(ctx context.Context, c *Confirmation) error
	FindConfirmations(ctx context.Context, f ConfirmationFilter) ([]*Confirmation, int, error)
}
