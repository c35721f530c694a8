package market

import (
	"errors"
	"testing"
	"time"
)

func TestObjection(t *testing.T) {
	due := t0.Add(72 * time.Hour)
	const complaint = 72 * time.Hour
	open := func() *Objection {
		return &Objection{Status: ObjectionOpen, AnswerDueAt: due}
	}
	t.Run("answer before the deadline", func(t *testing.T) {
		o := open()
		if err := o.AnswerBy("已复核，报价有效。", t0.Add(time.Hour), t0.Add(time.Hour+complaint)); err != nil || o.Status != ObjectionAnswered {
			t.Fatalf("err %v status %s", err, o.Status)
		}
		if got, want := o.ComplaintDueAt, t0.Add(time.Hour+complaint); got == nil || !got.Equal(want) {
			t.Errorf("complaint_due_at %v, want %s", got, want)
		}
		if err := o.AnswerBy("again", t0.Add(2*time.Hour), t0.Add(2*time.Hour+complaint)); !errors.Is(err, ErrObjectionNotOpen) {
			t.Errorf("second answer: %v", err)
		}
	})
	t.Run("ErrAnswerPeriodOver", func(t *testing.T) {
		if err := open().AnswerBy("late", due, due.Add(complaint)); !errors.Is(err, ErrAnswerPeriodOver) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("escalate only when answered or unanswered past due", func(t *testing.T) {
		if err := open().Escalate(t0.Add(time.Hour)); !errors.Is(err, ErrObjectionNotEscalable) {
			t.Errorf("open, in time: %v", err)
		}
		o := open()
		if err := o.Escalate(due); err != nil || o.Status != ObjectionEscalated {
			t.Errorf("open, past due: %v %s", err, o.Status)
		}
	})
	t.Run("an answered objection is escalated within the complaint period, or closes accepted", func(t *testing.T) {
		answered := func() *Objection {
			o := open()
			if err := o.AnswerBy("已复核，报价有效。", t0, t0.Add(complaint)); err != nil {
				t.Fatal(err)
			}
			return o
		}
		end := t0.Add(complaint)
		o := answered()
		if o.Overdue(end.Add(-time.Nanosecond)) {
			t.Error("overdue before the end of the complaint period")
		}
		if err := o.CloseAccepted(end.Add(-time.Nanosecond)); err == nil {
			t.Error("closed before the end of the complaint period")
		}
		if err := o.Escalate(end.Add(-time.Nanosecond)); err != nil || o.Status != ObjectionEscalated {
			t.Errorf("escalate in time: %v %s", err, o.Status)
		}
		if o.Overdue(end.Add(time.Hour)) {
			t.Error("a complaint has no time-driven exit: an admin decides it")
		}
		o = answered()
		if err := o.Escalate(end); !errors.Is(err, ErrComplaintPeriodOver) {
			t.Errorf("escalate at the end: %v", err)
		}
		if !o.Overdue(end) {
			t.Error("not overdue at the end of the complaint period")
		}
		// Closed late, it is still dated at the end of the period.
		if err := o.CloseAccepted(end.Add(time.Hour)); err != nil || o.Status != ObjectionAnsweredAccepted || !o.DecidedAt.Equal(end) {
			t.Errorf("close: %v %s %v", err, o.Status, o.DecidedAt)
		}
		if err := o.Escalate(end.Add(time.Hour)); !errors.Is(err, ErrComplaintPeriodOver) {
			t.Errorf("escalate once closed: %v", err)
		}
	})
	t.Run("decide only a complaint", func(t *testing.T) {
		o := open()
		if err := o.Decide(true, "x", t0); !errors.Is(err, ErrObjectionNotEscalated) {
			t.Errorf("deciding an open objection: %v", err)
		}
		o.Escalate(due)
		if err := o.Decide(true, "报价低于成本且无法说明理由", due.Add(time.Hour)); err != nil || o.Status != ObjectionUpheld {
			t.Errorf("upheld: %v %s", err, o.Status)
		}
	})
}
