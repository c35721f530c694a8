package api_test

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// TestMarketplace_LifecycleBadInput: clear 4xx and nothing changed.
func TestMarketplace_LifecycleBadInput(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, other := app.register("enterprise", "另一家企业有限公司")
	deptID, dept := app.staff("department", "某市生态环境局")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	_, outsider := app.agency("未投标的咨询公司", "NAT-01")

	comp := app.closedProject(ent, map[string]any{"method": "composite", "min_bids": 2, "weights": market.Weights{Price: 40, Credit: 10, Technical: 50}},
		bidder{aID, a, "90000.00"}, bidder{bID, b, "80000.00"})
	direct := app.closedProject(ent, map[string]any{"method": "direct", "min_bids": nil}, bidder{aID, a, "60000.00"})
	bids := app.bidIDs(comp.ID, ent)
	unchanged := func(t *testing.T, id int64) {
		t.Helper()
		if l := app.lifecycle(id); l.Status != "evaluating" || len(l.Candidates) != 0 {
			t.Fatalf("project changed: %+v", l)
		}
	}
	refusals := func(id int64) int64 {
		return app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'selection.refused' AND subject_id = '%d'", id))
	}

	t.Run("selection refused and audited", func(t *testing.T) {
		app.t = t
		cases := []struct {
			name, token string
			id          int64
			body        map[string]any
			status      int
			code        string
		}{
			{"department picks on an enterprise project", dept, direct.ID, map[string]any{"agency_id": aID}, 403, "designation_forbidden"},
			{"department scores an enterprise project", dept, comp.ID, map[string]any{"scores": []map[string]any{{"bid_id": bids[aID], "score": 1}}}, 403, "designation_forbidden"},
			{"another enterprise picks", other, direct.ID, map[string]any{"agency_id": aID}, 403, "not_project_owner"},
			{"an agency picks itself", a, direct.ID, map[string]any{"agency_id": aID}, 403, "not_project_owner"},
		}
		for _, tc := range cases {
			before := refusals(tc.id)
			app.expect(app.post(pp(tc.id, "/selection"), tc.token, tc.body), tc.status, tc.code)
			if refusals(tc.id) != before+1 {
				t.Errorf("%s: refusal not audited", tc.name)
			}
			unchanged(t, tc.id)
		}
		n := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'selection.refused' AND actor_id = %d AND actor_role = 'department'", deptID))
		if n != 2 {
			t.Errorf("department refusals audited: %d", n)
		}
		app.expect(app.post(pp(direct.ID, "/selection"), "", map[string]any{"agency_id": aID}), 401, "")
	})

	t.Run("bad scores and picks", func(t *testing.T) {
		app.t = t
		score := func(pairs ...any) map[string]any {
			var s []map[string]any
			for i := 0; i < len(pairs); i += 2 {
				s = append(s, map[string]any{"bid_id": pairs[i], "score": pairs[i+1]})
			}
			return map[string]any{"scores": s}
		}
		for _, tc := range []struct {
			id   int64
			body map[string]any
			code string
		}{
			{comp.ID, score(bids[aID], 101, bids[bID], 50), "technical_score_range"},
			{comp.ID, score(bids[aID], -1, bids[bID], 50), "technical_score_range"},
			{comp.ID, score(bids[aID], 80), "technical_score_missing"},
			{comp.ID, score(bids[aID], 80, bids[aID], 70, bids[bID], 50), "score_duplicate"},
			{comp.ID, score(bids[aID], 80, bids[bID], 50, 999999, 50), "bid_not_valid"},
			{comp.ID, map[string]any{"agency_id": aID}, "agency_id_not_allowed"},
			{direct.ID, map[string]any{"agency_id": bID}, "agency_not_offered"},
			{direct.ID, map[string]any{}, "agency_id_required"},
		} {
			app.expect(app.post(pp(tc.id, "/selection"), ent, tc.body), 400, tc.code)
			unchanged(t, tc.id)
		}
		app.expect(app.post(pp(comp.ID, "/selection"), ent, map[string]any{"scores": "x"}), 400, "")
	})

	t.Run("objections outside publicity or by a non-bidder", func(t *testing.T) {
		app.t = t
		app.expect(app.post(pp(comp.ID, "/objections"), b, map[string]any{"reason": "过早"}), 409, "project_not_in_publicity")
		app.expect(app.post(pp(direct.ID, "/selection"), ent, map[string]any{"agency_id": aID}), 200, "")
		app.expect(app.post(pp(direct.ID, "/objections"), outsider, map[string]any{"reason": "我没投标"}), 403, "not_a_bidder")
		app.expect(app.post(pp(direct.ID, "/objections"), a, map[string]any{"reason": "对自己"}), 409, "objection_by_candidate")
		app.expect(app.post(pp(direct.ID, "/objections"), ent, map[string]any{"reason": "业主"}), 403, "")
		app.expect(app.post(pp(direct.ID, "/objections"), b, map[string]any{"reason": " "}), 400, "reason_required")
		if n := app.count("SELECT count(*) FROM objections"); n != 0 {
			t.Errorf("%d objections written", n)
		}
		if l := app.lifecycle(direct.ID); l.PublicityEndsAt == nil {
			t.Errorf("publicity paused by a refused objection: %+v", l)
		}
	})

	t.Run("signing, delivery and evaluation out of turn", func(t *testing.T) {
		app.t = t
		app.expect(app.post(pp(direct.ID, "/contract/sign"), a, nil), 409, "project_not_awarded")
		app.advance(testPublicity)
		app.run("end_publicity")
		app.expect(app.post(pp(direct.ID, "/contract/sign"), b, nil), 403, "")
		app.expect(app.post(pp(direct.ID, "/delivery"), a, map[string]any{"note": "x"}), 409, "project_not_contracted")
		app.expect(app.post(pp(direct.ID, "/contract/sign"), a, nil), 200, "")
		app.expect(app.post(pp(direct.ID, "/contract/sign"), a, nil), 409, "already_signed")
		app.expect(app.post(pp(direct.ID, "/contract/decline"), a, map[string]any{"reason": "反悔"}), 409, "already_signed")
		app.expect(app.post(pp(direct.ID, "/contract/sign"), ent, nil), 200, "")
		app.expect(app.post(pp(direct.ID, "/contract/sign"), ent, nil), 409, "project_not_awarded")
		// The signed contract is immutable in the schema too.
		if err := storagetestExecErr(app.testApp, fmt.Sprintf("UPDATE contracts SET price_fen = 1 WHERE project_id = %d", direct.ID)); err == nil {
			t.Error("a signed contract was changed")
		}
		app.expect(app.post(pp(direct.ID, "/evaluation"), ent, map[string]any{"quality": 5, "timeliness": 5, "attitude": 5, "fee": 5}), 409, "project_not_accepted")
		app.expect(app.post(pp(direct.ID, "/delivery"), b, map[string]any{"note": "x"}), 403, "not_awarded_agency")
		app.expect(app.post(pp(direct.ID, "/delivery"), a, map[string]any{"note": "交付"}), 201, "")
		app.expect(app.post(pp(direct.ID, "/acceptance"), other, map[string]any{"accept": true}), 403, "")
		app.expect(app.post(pp(direct.ID, "/acceptance"), ent, map[string]any{"accept": true}), 200, "")
		app.expect(app.post(pp(direct.ID, "/acceptance"), ent, map[string]any{"accept": true}), 409, "project_not_delivered")
		for _, bad := range []map[string]any{
			{"quality": 0, "timeliness": 5, "attitude": 5, "fee": 5},
			{"quality": 5, "timeliness": 6, "attitude": 5, "fee": 5},
			{"quality": 5, "timeliness": 5, "attitude": 5},
		} {
			app.expect(app.post(pp(direct.ID, "/evaluation"), ent, bad), 400, "")
		}
		app.expect(app.post(pp(direct.ID, "/evaluation"), other, map[string]any{"quality": 1, "timeliness": 1, "attitude": 1, "fee": 1}), 403, "")
		app.expect(app.post(pp(direct.ID, "/evaluation/reply"), a, map[string]any{"reply": "x"}), 404, "evaluation_not_found")
		app.expect(app.post(pp(direct.ID, "/evaluation"), ent, map[string]any{"quality": 2, "timeliness": 2, "attitude": 2, "fee": 2, "comment": "一般"}), 201, "")
		app.expect(app.post(pp(direct.ID, "/evaluation"), ent, map[string]any{"quality": 5, "timeliness": 5, "attitude": 5, "fee": 5}), 409, "project_not_accepted")
		app.expect(app.post(pp(direct.ID, "/evaluation/reply"), b, map[string]any{"reply": "x"}), 403, "")
		app.expect(app.post(pp(direct.ID, "/evaluation/reply"), a, map[string]any{"reply": "会改进"}), 200, "")
		app.expect(app.post(pp(direct.ID, "/evaluation/reply"), a, map[string]any{"reply": "再说一次"}), 409, "already_replied")
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM credit_events WHERE agency_id = %d AND kind = 'evaluation' AND points = -2", aID)); n != 1 {
			t.Errorf("evaluation credit events with −2: %d", n)
		}
		app.expect(app.post(pp(direct.ID, "/payment"), ent, map[string]any{"amount": "1.00", "paid_on": "2026-12-01"}), 403, "")
		_ = dept
	})

	t.Run("a tampered draw does not verify", func(t *testing.T) {
		app.t = t
		p := app.closedProject(dept, map[string]any{"method": "random_draw", "min_bids": 2, "budget_code": "B-1"},
			bidder{aID, a, "90000.00"}, bidder{bID, b, "91000.00"})
		app.advance(time.Second)
		app.run("select_results")
		_, body := app.result(p.ID)
		if _, err := market.VerifyPublishedDraw(body); err != nil {
			t.Fatalf("genuine draw: %v", err)
		}
		res, _ := app.result(p.ID)
		last := "0"
		if res.Seed[63] == '0' {
			last = "1"
		}
		// Both copies of the seed changed: the recomputation catches it.
		tampered := bytes.ReplaceAll(body, []byte(res.Seed), []byte(res.Seed[:63]+last))
		if _, err := market.VerifyPublishedDraw(tampered); !errors.Is(err, &domain.Error{Code: domain.EINVALID, Reason: "draw_seed_mismatch"}) {
			t.Errorf("tampered seed: %v", err)
		}
		// A reordered ranking is caught as well.
		order := res.Draw.Order
		swapped := bytes.Replace(body, []byte(fmt.Sprintf(`"order":[%d,%d]`, order[0], order[1])), []byte(fmt.Sprintf(`"order":[%d,%d]`, order[1], order[0])), 1)
		if bytes.Equal(swapped, body) {
			t.Fatalf("order not found in %s", body)
		}
		if _, err := market.VerifyPublishedDraw(swapped); err == nil {
			t.Error("swapped order verified")
		}
	})
}
