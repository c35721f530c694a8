package domain

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
var ErrAppealNotFound = &Error{Code: ENOTFOUND, Reason: "appeal_not_found", Message: "No appeal with this id."}

func checkAppealReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxAppealReasonRunes {
		return "", FieldError("reason", "reason_required", "A reason of 1 to %d characters is required.", MaxAppealReasonRunes)
	}
	return reason, nil
}

// AppealCreditEvent lets an agency appeal one of its own deductions, once.
func (m *Marketplace) AppealCreditEvent(ctx context.Context, actor Actor, eventID int64, reason string) (*Appeal, error) {
	if err := Authorize(actor, ActAppealCredit); err != nil {
		return nil, err
	}
	reason, err := checkAppealReason(reason)
	if err != nil {
		return nil, err
	}
	a := &Appeal{EventID: eventID, AgencyID: actor.ID, Reason: reason, Status: AppealPending}
	err = m.Store.InTx(ctx, func(s Store) error {
		if _, err := s.FindCreditStanding(ctx, actor.ID, true); err != nil {
			return err
		}
		ev, err := s.FindCreditEvent(ctx, eventID)
		if err != nil {
			return err
		}
		if ev.AgencyID != actor.ID {
			return Errorf(EFORBIDDEN, "not_your_event", "An agency may appeal only its own credit events.")
		}
		if k, _ := FindCreditKind(ev.Kind); !k.Appealable || ev.Points >= 0 {
			return Errorf(ECONFLICT, "not_appealable", "Only deductions can be appealed; appeal the event that caused a status change.")
		}
		if ev.Voided {
			return Errorf(ECONFLICT, "already_voided", "This event is already voided.")
		}
		if a.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.CreateAppeal(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "credit.appealed", "credit_event", strconv.FormatInt(eventID, 10), map[string]any{"appeal_id": a.ID}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// DecideAppeal is an admin's decision: upheld voids the event (and lifts a
// sanction it caused), rejected leaves it standing.
func (m *Marketplace) DecideAppeal(ctx context.Context, actor Actor, id int64, upheld bool, reason string) (*Appeal, error) {
	if err := Authorize(actor, ActDecideAppeal); err != nil {
		return nil, err
	}
	reason, err := checkAppealReason(reason)
	if err != nil {
		return nil, err
	}
	var a *Appeal
	err = m.Store.InTx(ctx, func(s Store) error {
		var err error
		if a, err = s.FindAppeal(ctx, id, true); err != nil {
			return err
		}
		if a.Status != AppealPending {
			return Errorf(ECONFLICT, "appeal_decided", "Appeal %d is already decided (%s).", id, a.Status)
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		a.Status, a.Decision, a.DecidedBy, a.DecidedAt = AppealRejected, reason, &actor.ID, &now
		if upheld {
			a.Status = AppealUpheld
			evID := a.EventID
			void := &CreditEvent{AgencyID: a.AgencyID, Kind: CreditVoid, Source: SourceAdmin, Actor: actor,
				VoidsEventID: &evID}
			void.SetReason(T(TextAppealUpheld, "Reason", reason))
			if err := recordCreditEvent(ctx, s, void); err != nil {
				return err
			}
			a.VoidEventID = &void.ID
		}
		if err := s.UpdateAppeal(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "credit.appeal_decided", "appeal", strconv.FormatInt(a.ID, 10),
			map[string]any{"event_id": a.EventID, "status": a.Status, "void_event_id": a.VoidEventID}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}
