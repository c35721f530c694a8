package api_test

import (
	"fmt"
	"testing"
	"time"

	"marketplace/domain/market"
)

// TestMarketplace_Lifecycle drives one project of each method from bidding
// to completed over HTTP, moving the platform clock and running the jobs.
func TestMarketplace_Lifecycle(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	bID, b := app.agency("乙环境咨询有限公司", "NAT-01")
	cID, c := app.agency("丙环境咨询有限公司", "NAT-01")
	start := time.Now()

	t.Run("lowest_price", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"min_bids": 2},
			bidder{aID, a, "90000.00"}, bidder{bID, b, "85000.00"}, bidder{cID, c, "95000.00"})
		if p.Status != "evaluating" {
			t.Fatalf("after close: %s", p.Status)
		}
		if n := app.run("select_results"); n != 1 {
			t.Fatalf("select_results changed %d", n)
		}
		if n := app.run("select_results"); n != 0 {
			t.Fatalf("second select_results changed %d", n)
		}
		res, _ := app.result(p.ID)
		if res.AgencyID != bID || res.Price != "85000.00" || len(res.Ranking) != 3 || res.Ranking[1].AgencyID != aID {
			t.Fatalf("result %+v", res)
		}
		app.finish(p.ID, ent, b, bID)
	})

	t.Run("composite", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"method": "composite", "min_bids": 2, "weights": market.Weights{Price: 40, Credit: 10, Technical: 50}},
			bidder{aID, a, "90000.00"}, bidder{bID, b, "80000.00"})
		app.run("select_results")
		if got := app.project(p.ID); got.Status != "evaluating" {
			t.Fatalf("composite must wait for scores: %s", got.Status)
		}
		bids := app.bidIDs(p.ID, ent)
		// a: 40·(80000/90000·100)/100 + 10·100/100 + 50·95/100 = 35.56+10+47.5 = 93.06
		// b: 40 + 10 + 50·60/100 = 80
		app.expect(app.post(pp(p.ID, "/selection"), ent, map[string]any{"scores": []map[string]any{
			{"bid_id": bids[aID], "score": 95}, {"bid_id": bids[bID], "score": 60}}}), 200, "")
		res, _ := app.result(p.ID)
		if res.AgencyID != aID || res.Ranking[0].Score == nil || *res.Ranking[0].Score != 93.06 || *res.Ranking[1].Score != 80 {
			t.Fatalf("result %+v", res)
		}
		app.finish(p.ID, ent, a, aID)
	})

	t.Run("random_draw", func(t *testing.T) {
		app.t = t
		p := app.closedProject(dept, map[string]any{"method": "random_draw", "min_bids": 2, "budget_code": "2026-EE-01"},
			bidder{aID, a, "90000.00"}, bidder{bID, b, "91000.00"}, bidder{cID, c, "92000.00"})
		app.run("select_results")
		res, body := app.result(p.ID)
		if res.Draw == nil || res.Seed == "" || len(res.Draw.Order) != 3 {
			t.Fatalf("result %+v", res)
		}
		// Anyone recomputes the draw from the public response alone.
		d, err := market.VerifyPublishedDraw(body)
		if err != nil {
			t.Fatalf("verify: %v", err)
		}
		if d.Seed != res.Seed {
			t.Errorf("seed %s vs %s", d.Seed, res.Seed)
		}
		tokens := map[int64]string{aID: a, bID: b, cID: c}
		app.finish(p.ID, dept, tokens[res.AgencyID], res.AgencyID)
		// The department pays from its budget line.
		app.expect(app.post(pp(p.ID, "/payment"), dept, map[string]any{"amount": "50000.00", "paid_on": "2026-12-01"}), 201, "")
		app.expect(app.post(pp(p.ID, "/payment"), dept, map[string]any{"amount": "50000.00", "paid_on": "2026-12-02"}), 400, "amount_above_contract")
		app.expect(app.post(pp(p.ID, "/payment"), dept, map[string]any{"amount": "1.00", "paid_on": "2026-12-02", "budget_code": "OTHER"}), 400, "budget_code_mismatch")
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM payments WHERE project_id = %d", p.ID)); n != 1 {
			t.Errorf("%d payments", n)
		}
	})

	t.Run("reverse_auction", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, auctionBody(map[string]any{"min_bids": 2}),
			bidder{aID, a, "99000.00"}, bidder{bID, b, "98000.00"}, bidder{aID, a, "97000.00"})
		app.run("select_results")
		res, _ := app.result(p.ID)
		if res.AgencyID != aID || res.Price != "97000.00" || len(res.Ranking) != 2 || res.Ranking[1].Price != "98000.00" {
			t.Fatalf("result %+v", res)
		}
		app.finish(p.ID, ent, a, aID)
	})

	t.Run("direct", func(t *testing.T) {
		app.t = t
		p := app.closedProject(ent, map[string]any{"method": "direct", "min_bids": nil}, bidder{cID, c, "60000.00"}, bidder{aID, a, "59000.00"})
		app.run("select_results")
		if got := app.project(p.ID); got.Status != "evaluating" {
			t.Fatalf("direct must wait for the pick: %s", got.Status)
		}
		app.expect(app.post(pp(p.ID, "/selection"), ent, map[string]any{"agency_id": cID}), 200, "")
		res, _ := app.result(p.ID)
		if res.AgencyID != cID || res.Price != "60000.00" || len(res.Ranking) != 1 {
			t.Fatalf("result %+v", res)
		}
		app.finish(p.ID, ent, c, cID)
	})
	app.t = t
	// Evaluations, with replies, are public on the agency profile.
	var evals struct {
		Items []struct {
			Reply *string
		}
		Total int
	}
	r := app.do("GET", fmt.Sprintf("/api/v1/agencies/%d/evaluations", aID), "", nil)
	r.decode(t, &evals)
	want := app.count(fmt.Sprintf("SELECT count(*) FROM evaluations WHERE agency_id = %d", aID))
	if r.Status != 200 || want < 2 || int64(evals.Total) != want || evals.Items[0].Reply == nil {
		t.Errorf("agency evaluations: %d %s", r.Status, r.Body)
	}
	t.Logf("five projects, bidding to completed over HTTP: %s", time.Since(start))
}

// bidIDs maps agency id → bid id (the owner reads bids after close).
func (a *lifeApp) bidIDs(ProjectID int64, owner string) map[int64]int64 {
	a.t.Helper()
	var l struct {
		Items []struct {
			ID       int64
			AgencyID int64 `json:"agency_id"`
		}
	}
	r := a.do("GET", pp(ProjectID, "/bids"), owner, nil)
	if r.Status != 200 {
		a.t.Fatalf("bids: %d %s", r.Status, r.Body)
	}
	r.decode(a.t, &l)
	out := map[int64]int64{}
	for _, b := range l.Items {
		out[b.AgencyID] = b.ID
	}
	return out
}
