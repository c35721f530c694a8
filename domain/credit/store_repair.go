package credit

import (
	"context"

	"marketplace/domain/kernel"
)

// RepairStore persists credit repair applications (信用修复).
type RepairStore interface {
	// CreateRepair stores a pending application; a conflict (repair_exists)
	// when the event already has a pending or granted one.
	CreateRepair(ctx context.Context, r *Repair) error
	// FindRepair returns one application (ErrRepairNotFound), locked when
	// forUpdate.
	FindRepair(ctx context.Context, id int64, forUpdate bool) (*Repair, error)
	UpdateRepair(ctx context.Context, r *Repair) error
	// FindRepairs lists applications, oldest first, optionally of one status.
	FindRepairs(ctx context.Context, status string, p kernel.Page) ([]*Repair, int, error)
}
