package domain

import "context"

// ListAppeals lists credit appeals for the admin who decides them, oldest
// first so that the longest-waiting agency is answered first.
func (m *Marketplace) ListAppeals(ctx context.Context, actor Actor, status string, p Page) (List[*Appeal], error) {
	if actor.Role != RoleAdmin {
		return List[*Appeal]{}, ErrForbidden
	}
	switch status {
	case "", AppealPending, AppealUpheld, AppealRejected:
	default:
		return List[*Appeal]{}, FieldError("status", "appeal_status", "status must be pending, upheld or rejected.")
	}
	if err := p.Normalize(); err != nil {
		return List[*Appeal]{}, err
	}
	items, total, err := m.Store.FindAppeals(ctx, status, p)
	if err != nil {
		return List[*Appeal]{}, err
	}
	return NewList(items, total, p), nil
}
