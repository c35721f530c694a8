package credit

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Appeal statuses.
const (
	AppealPending  = "pending"
	AppealUpheld   = "upheld"
	AppealRejected = "rejected"
)

// Appeal is an agency's appeal against one of its credit events, decided by
// an admin. An event is appealed at most once.
type Appeal struct {
	ID          int64      `json:"id"`
	EventID     int64      `json:"event_id"`
	AgencyID    int64      `json:"agency_id"`
	Reason      string     `json:"reason"`
	Status      string     `json:"status"`
	Decision    string     `json:"decision_reason"`
	DecidedBy   *int64     `json:"decided_by"`
	DecidedAt   *time.Time `json:"decided_at"`
	VoidEventID *int64     `json:"void_event_id"`
	CreatedAt   time.Time  `json:"created_at"`
}

// ErrAppealNotFound is returned for an unknown appeal.
var ErrAppealNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "appeal_not_found", Message: "No appeal with this id."}

func checkAppealReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxAppealReasonRunes {
		return "", kernel.FieldError("reason", "reason_required", "A reason of 1 to %d characters is required.", MaxAppealReasonRunes)
	}
	return reason, nil
}

// AppealEvent lets an agency appeal one of its own deductions, once.
func (b *Bureau) AppealEvent(ctx context.Context, actor kernel.Actor, eventID int64, reason string) (*Appeal, error) {
	if err := kernel.Authorize(actor, kernel.ActAppealCredit); err != nil {
		return nil, err
	}
	reason, err := checkAppealReason(reason)
	if err != nil {
		return nil, err
	}
	a := &Appeal{EventID: eventID, AgencyID: actor.ID, Reason: reason, Status: AppealPending}
	err = b.InTx(ctx, func(s Tx) error {
		if _, err := s.FindCreditStanding(ctx, actor.ID, true); err != nil {
			return err
		}
		ev, err := s.FindCreditEvent(ctx, eventID)
		if err != nil {
			return err
		}
		if ev.AgencyID != actor.ID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_your_event", "An agency may appeal only its own credit events.")
		}
		if k, _ := FindKind(ev.Kind); !k.Appealable || ev.Points >= 0 {
			return kernel.Errorf(kernel.ECONFLICT, "not_appealable", "Only deductions can be appealed; appeal the event that caused a status change.")
		}
		if ev.Voided {
			return kernel.Errorf(kernel.ECONFLICT, "already_voided", "This event is already voided.")
		}
		if a.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.CreateAppeal(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "credit.appealed", "credit_event", strconv.FormatInt(eventID, 10), map[string]any{"appeal_id": a.ID}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// DecideAppeal is an admin's decision: upheld voids the event (and lifts a
// sanction it caused), rejected leaves it standing.
func (b *Bureau) DecideAppeal(ctx context.Context, actor kernel.Actor, id int64, upheld bool, reason string) (*Appeal, error) {
	if err := kernel.Authorize(actor, kernel.ActDecideAppeal); err != nil {
		return nil, err
	}
	reason, err := checkAppealReason(reason)
	if err != nil {
		return nil, err
	}
	var a *Appeal
	err = b.InTx(ctx, func(s Tx) error {
		var err error
		if a, err = s.FindAppeal(ctx, id, true); err != nil {
			return err
		}
		if a.Status != AppealPending {
			return kernel.Errorf(kernel.ECONFLICT, "appeal_decided", "Appeal %d is already decided (%s).", id, a.Status)
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		a.Status, a.Decision, a.DecidedBy, a.DecidedAt = AppealRejected, reason, &actor.ID, &now
		if upheld {
			a.Status = AppealUpheld
			evID := a.EventID
			void := &Event{AgencyID: a.AgencyID, Kind: KindVoid, Source: SourceAdmin, Actor: actor,
				VoidsEventID: &evID}
			void.SetReason(kernel.T(TextAppealUpheld, "Reason", reason))
			if err := RecordEvent(ctx, s, void); err != nil {
				return err
			}
			a.VoidEventID = &void.ID
		}
		if err := s.UpdateAppeal(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "credit.appeal_decided", "appeal", strconv.FormatInt(a.ID, 10),
			map[string]any{"event_id": a.EventID, "status": a.Status, "void_event_id": a.VoidEventID}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
