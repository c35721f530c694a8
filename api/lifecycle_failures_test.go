package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMarketplace_LifecycleFailures drives projects through each failure
// branch of SPEC §3.
func TestMarketplace_LifecycleFailures(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	admID, adm := app.staff("admin", "平台管理员")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	cID, c := app.agency("丙环境咨询有限公司", "NAT-01")
	three := []bidder{{aID, a, "80000.00"}, {bID, b, "85000.00"}, {cID, c, "90000.00"}}

	t.Run("failed tender", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2}, bidder{aID, a, "80000.00"})
		if p.Status != "failed" {
			t.Fatalf("one bid of two: %s", p.Status)
		}
		if n := app.run("select_results"); n != 0 {
			t.Errorf("select_results took a failed project: %d", n)
		}
	})

	t.Run("upheld objection promotes the next candidate", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2}, three...)
		app.run("select_results")
		app.advance(3 * time.Second)
		r := app.post(pp(p.ID, "/objections"), b, map[string]any{"reason": "中标人报价明显低于成本"})
		app.expect(r, 201, "")
		var o struct{ ID int64 }
		r.decode(t, &o)
		if l := app.lifecycle(p.ID); l.PublicityEndsAt != nil || l.PublicityRemainingSeconds == nil || *l.PublicityRemainingSeconds != 7 {
			t.Fatalf("publicity not paused: %+v", l)
		}
		// Publicity is paused: the end job does nothing however late it is.
		app.advance(time.Hour)
		if n := app.run("end_publicity"); n != 0 {
			t.Fatalf("end_publicity during an objection: %d", n)
		}
		// Unanswered in time: the job escalates it; an admin upholds.
		if n := app.run("escalate_objections"); n != 1 {
			t.Fatalf("escalate_objections: %d", n)
		}
		if n := app.run("escalate_objections"); n != 0 {
			t.Fatalf("escalate twice: %d", n)
		}
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/decision", o.ID), ent, map[string]any{"upheld": true, "reason": "x"}), 403, "")
		app.expect(app.post(fmt.Sprintf("/api/v1/objections/%d/decision", o.ID), adm, map[string]any{"upheld": true, "reason": "报价低于成本且无法说明理由"}), 200, "")
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM objections WHERE id = %d AND decided_by = %d", o.ID, admID)); n != 1 {
			t.Errorf("the deciding admin is not recorded on the objection")
		}
		l := app.lifecycle(p.ID)
		if l.Status != "publicity" || *l.AwardedAgencyID != bID || l.PublicityEndsAt == nil || l.Candidates[0].Status != "disqualified" {
			t.Fatalf("after upheld: %+v", l)
		}
		if app.creditEvents(aID, "objection_upheld") != 1 {
			t.Error("no objection_upheld credit event")
		}
		// Public views never name the objector.
		r = app.do("GET", pp(p.ID, "/objections"), "", nil)
		if r.Status != 200 || contains(r.Body, "objector") || contains(r.Body, fmt.Sprint(`"agency_id":`, bID)) {
			t.Errorf("objections list: %s", r.Body)
		}
		res, _ := app.result(p.ID)
		if res.AgencyID != bID || res.Ranking[0].Status != "disqualified" || res.Ranking[1].Status != "selected" {
			t.Errorf("result %+v", res)
		}
		app.finish(p.ID, ent, b, bID)
	})

	t.Run("rejected objection resumes publicity with its remaining time", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2}, three...)
		app.run("select_results")
		app.advance(4 * time.Second)
		r := app.post(pp(p.ID, "/objections"), c, map[string]any{"reason": "评审程序有误"})
		app.expect(r, 201, "")
		var o struct{ ID int64 }
		r.decode(t, &o)
		obj := fmt.Sprintf("/api/v1/objections/%d", o.ID)
		app.expect(app.post(obj+"/escalate", c, nil), 409, "objection_not_escalable")
		app.expect(app.post(obj+"/answer", c, map[string]any{"answer": "x"}), 403, "")
		app.expect(app.post(obj+"/answer", ent, map[string]any{"answer": "程序合规，详见记录。"}), 200, "")
		app.expect(app.post(obj+"/escalate", b, nil), 403, "not_objector")
		app.expect(app.post(obj+"/escalate", c, nil), 200, "")
		app.advance(time.Minute)
		app.expect(app.post(obj+"/decision", adm, map[string]any{"upheld": false, "reason": "异议不成立"}), 200, "")
		l := app.lifecycle(p.ID)
		if l.Status != "publicity" || l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(app.now.Add(6*time.Second)) {
			t.Fatalf("publicity not resumed with 6 s left: %+v (now %s)", l, app.now)
		}
		app.advance(5 * time.Second)
		if n := app.run("end_publicity"); n != 0 {
			t.Fatalf("ended early: %d", n)
		}
		app.advance(time.Second)
		if n := app.run("end_publicity"); n != 1 {
			t.Fatalf("not ended: %d", n)
		}
		if app.creditEvents(aID, "objection_upheld") != 1 {
			t.Error("a rejected objection recorded a credit event")
		}
	})

	t.Run("refused and missed signing", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2}, three...)
		app.run("select_results")
		app.advance(testPublicity)
		app.run("end_publicity")
		before := app.creditEvents(aID, "signing_refused")
		app.expect(app.post(pp(p.ID, "/contract/decline"), b, map[string]any{"reason": "x"}), 403, "not_awarded_agency")
		app.expect(app.post(pp(p.ID, "/contract/decline"), a, map[string]any{"reason": "人员安排不开"}), 200, "")
		if app.creditEvents(aID, "signing_refused") != before+1 {
			t.Error("no signing_refused event for the refusal")
		}
		l := app.lifecycle(p.ID)
		if l.Status != "publicity" || *l.AwardedAgencyID != bID {
			t.Fatalf("after refusal: %+v", l)
		}
		app.advance(testPublicity)
		app.run("end_publicity")
		// b lets the signing period pass; the job lapses it and promotes c.
		app.advance(testSigning)
		// (the rejected-objection project above, left unsigned, lapses too)
		if n := app.run("expire_signing"); n < 1 {
			t.Fatalf("expire_signing: %d", n)
		}
		if app.creditEvents(bID, "signing_refused") != 1 {
			t.Error("no signing_refused event for the missed signing")
		}
		if l := app.lifecycle(p.ID); l.Status != "publicity" || *l.AwardedAgencyID != cID {
			t.Fatalf("after missed signing: %+v", l)
		}
		// c misses too: nobody is left, the project fails.
		app.advance(testPublicity)
		app.run("end_publicity")
		app.advance(testSigning)
		app.run("expire_signing")
		if l := app.lifecycle(p.ID); l.Status != "failed" {
			t.Fatalf("no candidate left: %+v", l)
		}
	})

	t.Run("overdue delivery and default evaluation", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2, "service_days": 3}, three...)
		app.run("select_results")
		app.advance(testPublicity)
		app.run("end_publicity")
		app.expect(app.post(pp(p.ID, "/contract/sign"), ent, nil), 200, "")
		app.expect(app.post(pp(p.ID, "/contract/sign"), a, nil), 200, "")
		app.advance(3 * 24 * time.Hour)
		if n := app.run("flag_overdue"); n != 1 {
			t.Fatalf("flag_overdue: %d", n)
		}
		if n := app.run("flag_overdue"); n != 0 {
			t.Fatalf("flagged twice: %d", n)
		}
		if l := app.lifecycle(p.ID); !l.Overdue || l.Status != "contracted" || app.creditEvents(aID, "late_delivery") != 1 {
			t.Fatalf("overdue: %+v", l)
		}
		// Still deliverable; a return sends it back for redelivery.
		r := app.deliverWithDocument(p.ID, a)
		app.expect(r, 201, "")
		var d struct{ Document *struct{ SHA256 string } }
		r.decode(t, &d)
		if d.Document == nil || len(d.Document.SHA256) != 64 {
			t.Fatalf("delivery document: %s", r.Body)
		}
		app.expect(app.post(pp(p.ID, "/acceptance"), ent, map[string]any{"accept": false}), 400, "reason_required")
		app.expect(app.post(pp(p.ID, "/acceptance"), ent, map[string]any{"accept": false, "reason": "缺少附件"}), 200, "")
		app.expect(app.post(pp(p.ID, "/delivery"), a, map[string]any{"note": "补齐附件"}), 201, "")
		app.expect(app.post(pp(p.ID, "/acceptance"), ent, map[string]any{"accept": true}), 200, "")
		app.advance(testEvaluate)
		if n := app.run("default_evaluations"); n != 1 {
			t.Fatalf("default_evaluations: %d", n)
		}
		l := app.lifecycle(p.ID)
		if l.Status != "completed" || l.Evaluation == nil || !l.Evaluation.IsDefault || l.Evaluation.Quality != 5 {
			t.Fatalf("default evaluation: %+v", l)
		}
		app.expect(app.post(pp(p.ID, "/evaluation"), ent, map[string]any{"quality": 1, "timeliness": 1, "attitude": 1, "fee": 1}), 409, "project_not_accepted")
		var ds struct {
			Items []struct{ Status string }
			Total int
		}
		app.do("GET", pp(p.ID, "/deliveries"), ent, nil).decode(t, &ds)
		if ds.Total != 2 || ds.Items[0].Status != "returned" || ds.Items[1].Status != "accepted" {
			t.Errorf("deliveries %+v", ds)
		}
		app.expect(app.do("GET", pp(p.ID, "/deliveries"), "", nil), 401, "")
		app.expect(app.do("GET", pp(p.ID, "/deliveries"), b, nil), 403, "not_a_party")
	})
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }
