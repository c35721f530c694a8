package domain_test

import (
	"errors"
	"testing"
	"time"

	"marketplace/domain"
)

func TestObjection(t *testing.T) {
	due := t0.Add(72 * time.Hour)
	const complaint = 72 * time.Hour
	open := func() *domain.Objection {
		return &domain.Objection{Status: domain.ObjectionOpen, AnswerDueAt: due}
	}
	t.Run("answer before the deadline", func(t *testing.T) {
		o := open()
		if err := o.AnswerBy("已复核，报价有效。", t0.Add(time.Hour), t0.Add(time.Hour+complaint)); err != nil || o.Status != domain.ObjectionAnswered {
			t.Fatalf("err %v status %s", err, o.Status)
		}
		if got, want := o.ComplaintDueAt, t0.Add(time.Hour+complaint); got == nil || !got.Equal(want) {
			t.Errorf("complaint_due_at %v, want %s", got, want)
		}
		if err := o.AnswerBy("again", t0.Add(2*time.Hour), t0.Add(2*time.Hour+complaint)); !errors.Is(err, domain.ErrObjectionNotOpen) {
			t.Errorf("second answer: %v", err)
		}
	})
	t.Run("ErrAnswerPeriodOver", func(t *testing.T) {
		if err := open().AnswerBy("late", due, due.Add(complaint)); !errors.Is(err, domain.ErrAnswerPeriodOver) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("escalate only when answered or unanswered past due", func(t *testing.T) {
		if err := open().Escalate(t0.Add(time.Hour)); !errors.Is(err, domain.ErrObjectionNotEscalable) {
			t.Errorf("open, in time: %v", err)
		}
		o := open()
		if err := o.Escalate(due); err != nil || o.Status != domain.ObjectionEscalated {
			t.Errorf("open, past due: %v %s", err, o.Status)
		}
	})
	t.Run("an answered objection is escalated within the complaint period, or closes accepted", func(t *testing.T) {
		answered := func() *domain.Objection {
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
		if err := o.Escalate(end.Add(-time.Nanosecond)); err != nil || o.Status != domain.ObjectionEscalated {
			t.Errorf("escalate in time: %v %s", err, o.Status)
		}
		if o.Overdue(end.Add(time.Hour)) {
			t.Error("a complaint has no time-driven exit: an admin decides it")
		}
		o = answered()
		if err := o.Escalate(end); !errors.Is(err, domain.ErrComplaintPeriodOver) {
			t.Errorf("escalate at the end: %v", err)
		}
		if !o.Overdue(end) {
			t.Error("not overdue at the end of the complaint period")
		}
		// Closed late, it is still dated at the end of the period.
		if err := o.CloseAccepted(end.Add(time.Hour)); err != nil || o.Status != domain.ObjectionAnsweredAccepted || !o.DecidedAt.Equal(end) {
			t.Errorf("close: %v %s %v", err, o.Status, o.DecidedAt)
		}
		if err := o.Escalate(end.Add(time.Hour)); !errors.Is(err, domain.ErrComplaintPeriodOver) {
			t.Errorf("escalate once closed: %v", err)
		}
	})
	t.Run("decide only a complaint", func(t *testing.T) {
		o := open()
		if err := o.Decide(true, "x", t0); !errors.Is(err, domain.ErrObjectionNotEscalated) {
			t.Errorf("deciding an open objection: %v", err)
		}
		o.Escalate(due)
		if err := o.Decide(true, "报价低于成本且无法说明理由", due.Add(time.Hour)); err != nil || o.Status != domain.ObjectionUpheld {
			t.Errorf("upheld: %v %s", err, o.Status)
		}
	})
}

func TestEvaluation_Validate(t *testing.T) {
	ok := domain.Evaluation{Quality: 5, Timeliness: 4, Attitude: 3, Fee: 1}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []domain.Evaluation{{Quality: 0, Timeliness: 4, Attitude: 3, Fee: 1}, {Quality: 5, Timeliness: 6, Attitude: 3, Fee: 1}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	d := domain.DefaultEvaluation(1, 2, t0)
	if !d.IsDefault || d.Quality != 5 || d.Timeliness != 5 || d.Attitude != 5 || d.Fee != 5 {
		t.Errorf("default evaluation %+v", d)
	}
}

func TestContract_Sign(t *testing.T) {
	c := &domain.Contract{ProjectID: 1, OwnerID: 10, AgencyID: 20, Price: 12500000, ServiceDays: 30, StartDate: "2026-12-01"}
	if done, err := c.Sign(20, t0); err != nil || done || c.Hash != "" {
		t.Fatalf("agency signs first: %v %v %q", done, err, c.Hash)
	}
	if _, err := c.Sign(20, t0); !errors.Is(err, domain.ErrAlreadySigned) {
		t.Errorf("double signing: %v", err)
	}
	if _, err := c.Sign(99, t0); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("a stranger signs: %v", err)
	}
	done, err := c.Sign(10, t0.Add(time.Minute))
	if err != nil || !done || c.Hash != c.ComputeHash() || len(c.Hash) != 64 {
		t.Fatalf("owner signs: %v %v %q", done, err, c.Hash)
	}
	before := c.Hash
	c.Price++
	if c.ComputeHash() == before {
		t.Error("hash does not cover the price")
	}
}

func TestShanghaiDate(t *testing.T) {
	if got := domain.ShanghaiDate(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)); got != "2026-12-01" {
		t.Errorf("got %s", got)
	}
}
