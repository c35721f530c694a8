package credit

import (
	"context"

	"marketplace/domain/kernel"
)

// ListAppeals lists credit appeals for the admin who decides them, oldest
// first so that the longest-waiting agency is answered first.
func (b *Bureau) ListAppeals(ctx context.Context, actor kernel.Actor, status string, p kernel.Page) (kernel.List[*Appeal], error) {
	if actor.Role != kernel.RoleAdmin {
		return kernel.List[*Appeal]{}, kernel.ErrForbidden
	}
	switch status {
	case "", AppealPending, AppealUpheld, AppealRejected:
	default:
		return kernel.List[*Appeal]{}, kernel.FieldError("status", "appeal_status", "status must be pending, upheld or rejected.")
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Appeal]{}, err
	}
	items, total, err := b.Store.FindAppeals(ctx, status, p)
	if err != nil {
		return kernel.List[*Appeal]{}, err
	}
	return kernel.NewList(items, total, p), nil
}
