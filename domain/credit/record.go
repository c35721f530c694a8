package credit

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Credit sentinels.
var (
	ErrAgencyNotFound  = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "agency_not_found", Field: "agency_id", Message: "No agency with this id."}
	ErrProjectNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "project_not_found", Field: "project_id", Message: "No project with this id."}
	ErrEventNotFound   = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "credit_event_not_found", Message: "No credit event with this id."}
)

// RecomputeInterval is how often the full recompute rebuilds every
// score. The job runs every scheduler interval but works only when due.
const RecomputeInterval = 24 * time.Hour

// eventLimit bounds the events returned with an agency's credit.
const eventLimit = 500

// RecordEvent records ev in the open transaction s and fills in its id
// and times: it appends the event, brings the agency's score and grade up
// to date incrementally, applies the exit rules at event time and writes
// the audit rows. The project lifecycle calls it inside its own
// transactions (evaluation, late delivery, refused signing, upheld
// objection) with Kind, AgencyID, Points (EvaluationPoints or Points),
// Source, Reason and ProjectID set.
func RecordEvent(ctx context.Context, s Store, ev *Event) error {
	if err := ev.Validate(); err != nil {
		return err
	}
	st, err := s.FindCreditStanding(ctx, ev.AgencyID, true)
	if err != nil {
		return err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	// A period that ended while the scheduler was late ends now, first.
	if kernel.LiftDue(st.Status, st.SuspendedUntil, now) {
		if err := reinstateAgency(ctx, s, st, now, kernel.T(TextSuspensionEnded)); err != nil {
			return err
		}
	}
	expired, err := s.ExpiredCreditPoints(ctx, st.AgencyID, st.AsOf, now)
	if err != nil {
		return err
	}
	delta := ev.Points
	var voided *Event
	if ev.Kind == KindVoid {
		if voided, err = s.FindCreditEvent(ctx, *ev.VoidsEventID); err != nil {
			return err
		}
		if voided.AgencyID != ev.AgencyID || voided.Voided {
			return kernel.Errorf(kernel.ECONFLICT, "already_voided", "Credit event %d is already voided.", voided.ID)
		}
		// The voided event is not yet voided while expiries are caught up,
		// so its own expiry (if passed) came off above.
		delta = VoidDelta(voided, now)
	}
	ev.CreatedAt = now
	ev.ExpiresAt = Expiry(ev.Points, now)
	if err := s.InsertCreditEvent(ctx, ev); err != nil {
		return err
	}
	before := st.Score
	st.Advance(now, expired, delta)
	if err := auditCreditEvent(ctx, s, ev, before, st); err != nil {
		return err
	}
	if err := s.SaveCreditStanding(ctx, st); err != nil {
		return err
	}
	if voided != nil {
		return afterVoid(ctx, s, st, voided, now)
	}
	return applyExitRules(ctx, s, st, ev, now)
}

func auditCreditEvent(ctx context.Context, s Store, ev *Event, before int, st *Standing) error {
	actor := ev.Actor
	if actor.Role == "" {
		actor = kernel.SystemActor
	}
	return s.AppendAudit(ctx, kernel.NewAudit(actor, "credit.event_recorded", "agency", strconv.FormatInt(ev.AgencyID, 10),
		map[string]any{"event_id": ev.ID, "kind": ev.Kind, "points": ev.Points, "score_before": before, "score_after": st.Score, "grade": st.Grade}))
}

// applyExitRules records the status change an exit rule asks for, if any.
func applyExitRules(ctx context.Context, s Store, st *Standing, ev *Event, now time.Time) error {
	k, _ := FindKind(ev.Kind)
	recent := 0
	if k.Violation {
		var err error
		if recent, err = s.CountViolationEvents(ctx, st.AgencyID, now.AddDate(0, -ViolationWindowMonths, 0), violationKinds()); err != nil {
			return err
		}
	}
	act := ExitRule(st, ev, recent, now)
	if act == nil {
		return nil
	}
	cause := ev.ID
	sev := &Event{AgencyID: st.AgencyID, Kind: act.Kind, Source: SourceSystem,
		CauseEventID: &cause, Until: act.Until, ProjectID: ev.ProjectID, CreatedAt: now}
	sev.SetReason(act.Reason)
	if err := s.InsertCreditEvent(ctx, sev); err != nil {
		return err
	}
	st.Status, st.SuspendedUntil = act.Status, act.Until
	if err := s.SaveCreditStanding(ctx, st); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "credit."+act.Kind, "agency", strconv.FormatInt(st.AgencyID, 10),
		map[string]any{"event_id": sev.ID, "cause_event_id": cause, "until": act.Until, "reason": sev.Reason}))
}

// afterVoid reinstates the agency when the voided event caused the sanction
// it is under now.
func afterVoid(ctx context.Context, s Store, st *Standing, voided *Event, now time.Time) error {
	if st.Status != kernel.StatusSuspended && st.Status != kernel.StatusBlacklisted {
		return nil
	}
	last, err := s.LatestStatusEvent(ctx, st.AgencyID)
	if err != nil || last == nil || last.CauseEventID == nil || *last.CauseEventID != voided.ID {
		return err
	}
	return reinstateAgency(ctx, s, st, now, kernel.T(TextSanctionAppealVoided))
}

// reinstateAgency ends a suspension or blacklist with a status event.
func reinstateAgency(ctx context.Context, s Store, st *Standing, now time.Time, reason kernel.Text) error {
	ev := &Event{AgencyID: st.AgencyID, Kind: KindReinstated, Source: SourceScheduler, CreatedAt: now}
	ev.SetReason(reason)
	if err := s.InsertCreditEvent(ctx, ev); err != nil {
		return err
	}
	from := st.Status
	st.Status, st.SuspendedUntil = kernel.StatusActive, nil
	if err := s.SaveCreditStanding(ctx, st); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "credit.reinstated", "agency", strconv.FormatInt(st.AgencyID, 10),
		map[string]any{"event_id": ev.ID, "from": from, "reason": ev.Reason}))
}

func violationKinds() []string {
	var out []string
	for _, k := range Kinds {
		if k.Violation {
			out = append(out, k.Kind)
		}
	}
	return out
}

// LiftSuspensions reinstates agencies whose suspension or blacklist period
// has ended (job lift_suspensions).
func LiftSuspensions(ctx context.Context, s Store, now time.Time) (int, error) {
	ids, err := s.FindDueReinstatements(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		st, err := s.FindCreditStanding(ctx, id, true)
		if err != nil {
			return 0, err
		}
		if !kernel.LiftDue(st.Status, st.SuspendedUntil, now) {
			continue // reinstated meanwhile, at the agency's own event
		}
		if err := reinstateAgency(ctx, s, st, now, kernel.T(TextSuspensionEnded)); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

// RecomputeWhenDue expires deductions and rebuilds every score from the
// events, set-based, once per RecomputeInterval (job recompute_credit).
// Between runs it costs one indexed read.
func RecomputeWhenDue(ctx context.Context, s Store, now time.Time) (int, error) {
	last, err := s.LastCreditRecompute(ctx)
	if err != nil {
		return 0, err
	}
	if last != nil && now.Sub(*last) < RecomputeInterval {
		return 0, nil
	}
	return recomputeCredit(ctx, s, now)
}

// Recompute runs the full recompute now, whatever its schedule.
func (b *Bureau) Recompute(ctx context.Context) (n int, err error) {
	err = b.InTx(ctx, func(s Tx) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		n, err = recomputeCredit(ctx, s, now)
		return err
	})
	return n, err
}

func recomputeCredit(ctx context.Context, s Store, now time.Time) (int, error) {
	n, err := s.RecomputeCreditScores(ctx, now, CurrentScoreParams())
	if err != nil {
		return 0, err
	}
	return n, s.RecordCreditRecompute(ctx, now, n)
}
