package domain

import "context"

// CreditEventsOf returns the credit events that appeals or repair
// applications refer to, by id, for the staff who decide them: the queue
// pages name the event (its kind, points, project and date) instead of a
// number. A page holds at most MaxPerPage applications; an unknown id is
// left out.
func (m *Marketplace) CreditEventsOf(ctx context.Context, actor Actor, ids []int64) (map[int64]*CreditEvent, error) {
	if actor.Role != RoleAdmin && actor.Role != RoleDepartment {
		return nil, ErrForbidden
	}
	out := make(map[int64]*CreditEvent, len(ids))
	for _, id := range ids {
		if _, seen := out[id]; seen || len(out) >= MaxPerPage {
			continue
		}
		ev, err := m.Store.FindCreditEvent(ctx, id)
		if ErrorCode(err) == ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out[id] = ev
	}
	return out, nil
}
