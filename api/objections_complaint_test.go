package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// testComplaint is the complaint period of these tests: the objector's time
// to escalate an answered objection (MARKET_COMPLAINT_PERIOD, default 72h).
const testComplaint = 72 * time.Hour

type objectionJSON struct {
	ID             int64
	Status         string
	AnsweredAt     *time.Time `json:"answered_at"`
	ComplaintDueAt *time.Time `json:"complaint_due_at"`
	DecidedAt      *time.Time `json:"decided_at"`
}

// object raises an objection as token on project id and returns it.
func (a *lifeApp) object(id int64, token, reason string) objectionJSON {
	a.t.Helper()
	r := a.post(pp(id, "/objections"), token, map[string]any{"reason": reason})
	a.expect(r, 201, "")
	var o objectionJSON
	r.decode(a.t, &o)
	return o
}

func (a *lifeApp) objection(id int64) objectionJSON {
	a.t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/objections/%d", id), "", nil)
	a.expect(r, 200, "")
	var o objectionJSON
	r.decode(a.t, &o)
	return o
}

// runAll steps every job once, as one scheduler tick would.
func (a *lifeApp) runAll() {
	a.t.Helper()
	if err := a.Jobs.RunAll(context.Background()); err != nil {
		a.t.Fatal(err)
	}
}

// paused checks that publicity is paused with left remaining.
func (a *lifeApp) paused(id int64, left time.Duration) {
	a.t.Helper()
	l := a.lifecycle(id)
	if l.Status != "publicity" || l.PublicityEndsAt != nil || l.PublicityRemainingSeconds == nil || *l.PublicityRemainingSeconds != left.Seconds() {
		a.t.Fatalf("want publicity paused with %s left: %+v", left, l)
	}
}

// TestMarketplace_ObjectionComplaintPeriod: an answered objection is a
// complaint only if the objector escalates it within the complaint period;
// otherwise it closes as accepted and publicity resumes for the time it had
// left, so that no objection can freeze an award (SPEC §3).
func TestMarketplace_ObjectionComplaintPeriod(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, adm := app.staff("admin", "平台管理员")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	cID, c := app.agency("丙环境咨询有限公司", "NAT-01")
	three := []bidder{{aID, a, "80000.00"}, {bID, b, "85000.00"}, {cID, c, "90000.00"}}
	// inPublicity closes a project with three bids and publishes the result
	// (a selected); the objection below comes 3 s into publicity, leaving 7 s.
	inPublicity := func() int64 {
		p := app.closedProject(ent, map[string]any{"min_bids": 2}, three...)
		app.run("select_results")
		app.advance(3 * time.Second)
		return p.ID
	}
	answer := func(o objectionJSON) objectionJSON {
		r := app.post(fmt.Sprintf("/api/v1/objections/%d/answer", o.ID), ent, map[string]any{"answer": "评审程序合规，详见记录。"})
		app.expect(r, 200, "")
		var got objectionJSON
		r.decode(app.t, &got)
		if got.Status != "answered" || got.ComplaintDueAt == nil {
			app.t.Fatalf("answered objection without a complaint deadline: %s", r.Body)
		}
		return got
	}

	t.Run("answered and silent: awarded after the complaint period and the remaining publicity", func(t *testing.T) {
		app.t = t
		id := inPublicity()
		o := app.object(id, b, "中选报价低于成本")
		app.advance(time.Second)
		answered := answer(o)
		if answered.ComplaintDueAt == nil || !answered.ComplaintDueAt.Equal(app.now.Add(testComplaint)) {
			t.Fatalf("complaint_due_at %v, want answer time + %s", answered.ComplaintDueAt, testComplaint)
		}
		due := *answered.ComplaintDueAt
		app.setNow(due.Add(-time.Second))
		app.runAll()
		app.paused(id, 7*time.Second)
		// The period is over: the objector can no longer escalate, and the
		// refused request still records the objection as accepted.
		app.setNow(due)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/escalate", o.ID), b, nil), 409, "complaint_period_over")
		if got := app.objection(o.ID); got.Status != "answered_accepted" || got.DecidedAt == nil || !got.DecidedAt.Equal(due) {
			t.Fatalf("after the complaint period: %+v", got)
		}
		l := app.lifecycle(id)
		if l.Status != "publicity" || l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(due.Add(7*time.Second)) {
			t.Fatalf("publicity not resumed with 7 s left at %s: %+v", due, l)
		}
		app.setNow(due.Add(7*time.Second - time.Millisecond))
		app.runAll()
		if l := app.lifecycle(id); l.Status != "publicity" {
			t.Fatalf("awarded early: %+v", l)
		}
		app.setNow(due.Add(7 * time.Second))
		app.runAll()
		if l := app.lifecycle(id); l.Status != "awarded" || *l.AwardedAgencyID != aID {
			t.Fatalf("not awarded after the remaining publicity: %+v", l)
		}
	})

	t.Run("answered and silent, scheduler late: the timeline is the same", func(t *testing.T) {
		app.t = t
		id := inPublicity()
		o := app.object(id, c, "评审程序有误")
		answered := answer(o)
		due := *answered.ComplaintDueAt
		// Nobody acts and the jobs run 3 s after the period ended: publicity
		// resumes from the end of the period, not from the late run.
		app.setNow(due.Add(3 * time.Second))
		if n := app.run("close_answered_objections"); n != 1 {
			t.Fatalf("close_answered_objections changed %d rows", n)
		}
		if n := app.run("close_answered_objections"); n != 0 {
			t.Fatalf("close_answered_objections twice: %d", n)
		}
		if got := app.objection(o.ID); got.Status != "answered_accepted" {
			t.Fatalf("objection %+v", got)
		}
		if l := app.lifecycle(id); l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(due.Add(7*time.Second)) {
			t.Fatalf("publicity_ends_at %v, want %s", l.PublicityEndsAt, due.Add(7*time.Second))
		}
		app.setNow(due.Add(7 * time.Second))
		app.runAll()
		if l := app.lifecycle(id); l.Status != "awarded" {
			t.Fatalf("not awarded: %+v", l)
		}
	})

	t.Run("answered and escalated: waits for the decision", func(t *testing.T) {
		app.t = t
		id := inPublicity()
		o := app.object(id, b, "中选报价低于成本")
		answered := answer(o)
		app.advance(testComplaint - time.Second)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/escalate", o.ID), b, nil), 200, "")
		// However long the admin takes, nothing moves by itself.
		app.setNow(answered.ComplaintDueAt.Add(30 * 24 * time.Hour))
		app.runAll()
		if got := app.objection(o.ID); got.Status != "escalated" {
			t.Fatalf("complaint moved without a decision: %+v", got)
		}
		app.paused(id, 7*time.Second)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/decision", o.ID), adm, map[string]any{"upheld": false, "reason": "异议不成立"}), 200, "")
		if l := app.lifecycle(id); l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(app.now.Add(7*time.Second)) {
			t.Fatalf("publicity not resumed after the decision: %+v", l)
		}
		app.advance(7 * time.Second)
		app.runAll()
		if l := app.lifecycle(id); l.Status != "awarded" {
			t.Fatalf("not awarded: %+v", l)
		}
	})

	t.Run("two objections from two losers, one escalated", func(t *testing.T) {
		app.t = t
		id := inPublicity()
		ob := app.object(id, b, "中选报价低于成本")
		app.advance(time.Second)
		oc := app.object(id, c, "评审程序有误")
		// A second objection does not eat into the paused publicity.
		app.paused(id, 7*time.Second)
		app.expect(app.post(pp(id, "/objections"), b, map[string]any{"reason": "再次异议"}), 409, "objection_already_raised")
		answer(ob)
		app.advance(time.Second)
		answeredC := answer(oc)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/escalate", oc.ID), c, nil), 200, "")
		// b stays silent: its objection closes, but c's complaint still pauses publicity.
		app.setNow(answeredC.ComplaintDueAt.Add(time.Hour))
		app.runAll()
		if got := app.objection(ob.ID); got.Status != "answered_accepted" {
			t.Fatalf("b's objection: %+v", got)
		}
		app.paused(id, 7*time.Second)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/decision", oc.ID), adm, map[string]any{"upheld": false, "reason": "异议不成立"}), 200, "")
		if l := app.lifecycle(id); l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(app.now.Add(7*time.Second)) {
			t.Fatalf("publicity not resumed after the last objection closed: %+v", l)
		}
		app.advance(7 * time.Second)
		app.runAll()
		if l := app.lifecycle(id); l.Status != "awarded" || *l.AwardedAgencyID != aID {
			t.Fatalf("not awarded: %+v", l)
		}
	})

	t.Run("complaint decided first, silent objection closes later", func(t *testing.T) {
		app.t = t
		id := inPublicity()
		ob := app.object(id, b, "中选报价低于成本")
		oc := app.object(id, c, "评审程序有误")
		answer(oc)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/escalate", oc.ID), c, nil), 200, "")
		app.advance(time.Second)
		answeredB := answer(ob)
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/decision", oc.ID), adm, map[string]any{"upheld": false, "reason": "异议不成立"}), 200, "")
		// b may still escalate: publicity stays paused until its period ends.
		app.paused(id, 7*time.Second)
		app.setNow(*answeredB.ComplaintDueAt)
		app.runAll()
		if l := app.lifecycle(id); l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(answeredB.ComplaintDueAt.Add(7*time.Second)) {
			t.Fatalf("publicity not resumed when b's period ended: %+v", l)
		}
	})
}
