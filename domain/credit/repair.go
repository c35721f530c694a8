package credit

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Repair statuses.
const (
	RepairPending  = "pending"
	RepairGranted  = "granted"
	RepairRejected = "rejected"
)

// Repair is an agency's application to repair one of its deductions. It is
// not an appeal: an appeal says the event was wrong and, upheld, voids it; a
// repair accepts the event and shows it has been put right, so the event
// stays and counts EffectivePoints from the decision on.
type Repair struct {
	ID              int64      `json:"id"`
	EventID         int64      `json:"event_id"`
	AgencyID        int64      `json:"agency_id"`
	Evidence        string     `json:"evidence"`
	Status          string     `json:"status"`
	EffectivePoints *int       `json:"effective_points"`
	Decision        string     `json:"decision_reason"`
	DecidedBy       *int64     `json:"decided_by"`
	DecidedAt       *time.Time `json:"decided_at"`
	CreatedAt       time.Time  `json:"created_at"`
}

// ErrRepairNotFound is returned for an unknown repair application.
var ErrRepairNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "repair_not_found", Message: "No credit repair application with this id."}

// ApplyRepair lets an agency apply to repair one of its own
// deductions once its minimum period has passed, with evidence of the
// correction. The period is measured on the platform clock inside the
// transaction, after the agency's row is locked.
func (b *Bureau) ApplyRepair(ctx context.Context, actor kernel.Actor, eventID int64, evidence string) (*Repair, error) {
	if err := kernel.Authorize(actor, kernel.ActApplyRepair); err != nil {
		return nil, err
	}
	evidence = strings.TrimSpace(evidence)
	if evidence == "" || utf8.RuneCountInString(evidence) > MaxRepairEvidenceRunes {
		return nil, kernel.FieldError("evidence", "evidence_required", "Evidence of the correction (1 to %d characters) is required.", MaxRepairEvidenceRunes)
	}
	r := &Repair{EventID: eventID, AgencyID: actor.ID, Evidence: evidence, Status: RepairPending}
	err := b.InTx(ctx, func(s Tx) error {
		if _, err := s.FindCreditStanding(ctx, actor.ID, true); err != nil {
			return err
		}
		ev, err := s.FindCreditEvent(ctx, eventID)
		if err != nil {
			return err
		}
		if ev.AgencyID != actor.ID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_your_event", "An agency may apply to repair only its own credit events.")
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := repairable(ev, now); err != nil {
			return err
		}
		r.CreatedAt = now
		if err := s.CreateRepair(ctx, r); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "credit.repair_applied", "credit_event", strconv.FormatInt(eventID, 10),
			map[string]any{"repair_id": r.ID}))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// repairable checks that ev may be repaired at now.
func repairable(ev *Event, now time.Time) error {
	p, ok := RepairPolicyFor(ev)
	switch {
	case !ok:
		return kernel.Errorf(kernel.ECONFLICT, "not_repairable", "This event can never be repaired (collusion, false materials, or not a deduction).")
	case ev.Voided:
		return kernel.Errorf(kernel.ECONFLICT, "already_voided", "This event is already voided.")
	case ev.Repair != "":
		return kernel.Errorf(kernel.ECONFLICT, "repair_exists", "This event already has a repair application (%s).", ev.Repair)
	case ev.Appeal == AppealPending:
		return kernel.Errorf(kernel.ECONFLICT, "appeal_pending", "This event's appeal is still pending; a repair waits for its decision.")
	case ev.ExpiresAt != nil && !ev.ExpiresAt.After(now):
		return kernel.Errorf(kernel.ECONFLICT, "credit_event_expired", "This deduction has expired and no longer counts.")
	}
	if earliest := p.EarliestRepair(ev.CreatedAt); now.Before(earliest) {
		e := kernel.Errorf(kernel.ECONFLICT, "repair_too_early", "A %s event may be repaired from %s.", p.Class, earliest.UTC().Format(time.DateOnly))
		e.Params = map[string]any{"earliest": earliest.UTC().Format(time.DateOnly), "min_months": p.MinMonths}
		return e
	}
	return nil
}

// DecideRepair is a department's or an admin's decision, with a
// reason. Granted, the event counts its policy's fraction from now on (the
// agency's score moves by the difference while the event still counts),
// and a suspension the event caused is lifted.
func (b *Bureau) DecideRepair(ctx context.Context, actor kernel.Actor, id int64, granted bool, reason string) (*Repair, error) {
	if err := kernel.Authorize(actor, kernel.ActDecideRepair); err != nil {
		return nil, err
	}
	reason, err := checkAppealReason(reason)
	if err != nil {
		return nil, err
	}
	var r *Repair
	err = b.InTx(ctx, func(s Tx) error {
		// The agency's row is locked first, as every credit change does.
		var err error
		if r, err = s.FindRepair(ctx, id, false); err != nil {
			return err
		}
		st, err := s.FindCreditStanding(ctx, r.AgencyID, true)
		if err != nil {
			return err
		}
		if r, err = s.FindRepair(ctx, id, true); err != nil { // re-read after the agency lock
			return err
		}
		if r.Status != RepairPending {
			return kernel.Errorf(kernel.ECONFLICT, "repair_decided", "Repair %d is already decided (%s).", id, r.Status)
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		r.Status, r.Decision, r.DecidedBy, r.DecidedAt = RepairRejected, reason, &actor.ID, &now
		if granted {
			if err := grantRepair(ctx, s, st, r, now); err != nil {
				return err
			}
		}
		if err := s.UpdateRepair(ctx, r); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "credit.repair_decided", "credit_repair", strconv.FormatInt(r.ID, 10),
			map[string]any{"event_id": r.EventID, "status": r.Status, "effective_points": r.EffectivePoints, "score": st.Score}))
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// grantRepair applies a granted repair to the agency's standing.
func grantRepair(ctx context.Context, s Store, st *Standing, r *Repair, now time.Time) error {
	ev, err := s.FindCreditEvent(ctx, r.EventID)
	if err != nil {
		return err
	}
	p, ok := RepairPolicyFor(ev)
	if !ok || ev.Voided {
		return kernel.Errorf(kernel.ECONFLICT, "not_repairable", "This event can no longer be repaired.")
	}
	// A period that ended while the scheduler was late ends now, first.
	if kernel.LiftDue(st.Status, st.SuspendedUntil, now) {
		if err := reinstateAgency(ctx, s, st, now, kernel.T(TextSuspensionEnded)); err != nil {
			return err
		}
	}
	// Catch up expiries before the repaired event changes what it counts,
	// so that its own expiry (if passed) came off at its full points.
	expired, err := s.ExpiredCreditPoints(ctx, st.AgencyID, st.AsOf, now)
	if err != nil {
		return err
	}
	effective := p.EffectivePoints(ev.Points)
	r.Status, r.EffectivePoints = RepairGranted, &effective
	st.Advance(now, expired, RepairDelta(ev, effective, now))
	if err := s.SaveCreditStanding(ctx, st); err != nil {
		return err
	}
	if st.Status != kernel.StatusSuspended {
		return nil
	}
	last, err := s.LatestStatusEvent(ctx, st.AgencyID)
	if err != nil || last == nil || last.CauseEventID == nil || *last.CauseEventID != ev.ID {
		return err
	}
	return reinstateAgency(ctx, s, st, now, kernel.T(TextRepairLiftedSuspension))
}

// ListRepairs lists repair applications for departments and admins.
func (b *Bureau) ListRepairs(ctx context.Context, actor kernel.Actor, status string, p kernel.Page) (kernel.List[*Repair], error) {
	if err := kernel.Authorize(actor, kernel.ActDecideRepair); err != nil {
		return kernel.List[*Repair]{}, err
	}
	if status != "" && status != RepairPending && status != RepairGranted && status != RepairRejected {
		return kernel.List[*Repair]{}, kernel.FieldError("status", "repair_status", "status must be pending, granted or rejected.")
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Repair]{}, err
	}
	items, total, err := b.Store.FindRepairs(ctx, status, p)
	if err != nil {
		return kernel.List[*Repair]{}, err
	}
	return kernel.NewList(items, total, p), nil
}
