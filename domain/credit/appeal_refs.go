package credit

import (
	"context"

	"marketplace/domain/kernel"
)

// EventsOf returns the credit events that appeals or repair
// applications refer to, by id, for the staff who decide them: the queue
// pages name the event (its kind, points, project and date) instead of a
// number. A page holds at most kernel.MaxPerPage applications; an unknown id is
// left out.
func (b *Bureau) EventsOf(ctx context.Context, actor kernel.Actor, ids []int64) (map[int64]*Event, error) {
	if actor.Role != kernel.RoleAdmin && actor.Role != kernel.RoleDepartment {
		return nil, kernel.ErrForbidden
	}
	out := make(map[int64]*Event, len(ids))
	for _, id := range ids {
		if _, seen := out[id]; seen || len(out) >= kernel.MaxPerPage {
			continue
		}
		ev, err := b.Store.FindCreditEvent(ctx, id)
		if kernel.ErrorCode(err) == kernel.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out[id] = ev
	}
	return out, nil
}
