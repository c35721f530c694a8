package domain_test

import (
	"encoding/json"
	"testing"

	"marketplace/domain"
	"marketplace/domain/market"
)

func TestVerifyPublishedDraw(t *testing.T) {
	cands := []market.Candidate{{BidID: 3, AgencyID: 30, Price: 1}, {BidID: 1, AgencyID: 10, Price: 1}, {BidID: 2, AgencyID: 20, Price: 1}}
	ranked, d := market.RankRandomDraw(12, t0, cands)
	build := func(mut func(m map[string]any, r *market.Result)) []byte {
		dd := d
		dd.Order = append([]int64(nil), d.Order...)
		r := market.Result{Method: market.MethodRandomDraw, Seed: d.Seed, Draw: &dd}
		for _, c := range ranked {
			id := c.BidID
			r.Ranking = append(r.Ranking, market.ResultEntry{Rank: c.Rank, BidID: &id, AgencyID: c.AgencyID})
		}
		m := map[string]any{"id": 12, "method": "random_draw", "closes_at": t0}
		mut(m, &r)
		m["result"] = r
		b, _ := json.Marshal(m)
		return b
	}
	for _, tc := range []struct {
		name   string
		mut    func(m map[string]any, r *market.Result)
		reason string
	}{
		{"OK", func(map[string]any, *market.Result) {}, ""},
		{"other project id", func(m map[string]any, _ *market.Result) { m["id"] = 13 }, "draw_input_mismatch"},
		{"other closing time", func(m map[string]any, _ *market.Result) { m["closes_at"] = t0.Add(1) }, "draw_input_mismatch"},
		{"seed changed", func(_ map[string]any, r *market.Result) { r.Seed, r.Draw.Seed = "00", "00" }, "draw_seed_mismatch"},
		{"order swapped", func(_ map[string]any, r *market.Result) {
			r.Draw.Order[0], r.Draw.Order[1] = r.Draw.Order[1], r.Draw.Order[0]
		}, "draw_order_mismatch"},
		{"ranking reordered", func(_ map[string]any, r *market.Result) {
			r.Ranking[0].BidID, r.Ranking[1].BidID = r.Ranking[1].BidID, r.Ranking[0].BidID
		}, "ranking_order_mismatch"},
		{"not a draw", func(m map[string]any, _ *market.Result) { m["method"] = "lowest_price" }, "no_draw"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := market.VerifyPublishedDraw(build(tc.mut))
			got := ""
			if e, ok := domain.AsError(err); ok {
				got = e.Reason
			}
			if got != tc.reason {
				t.Errorf("got %q (%v), want %q", got, err, tc.reason)
			}
		})
	}
}

func TestAutoSelected(t *testing.T) {
	for m, want := range map[string]bool{market.MethodLowestPrice: true, market.MethodRandomDraw: true, market.MethodReverseAuction: true,
		market.MethodComposite: false, market.MethodDirect: false} {
		if got := market.AutoSelected(m); got != want {
			t.Errorf("%s: got %v", m, got)
		}
	}
}
