package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"marketplace/domain/market"
)

// TestVerifyDraw runs the command against a server publishing a draw made by
// the platform's own ranking, then against one whose order was tampered with.
func TestVerifyDraw(t *testing.T) {
	t.Parallel()
	closes := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	cands := []market.Candidate{{BidID: 31, AgencyID: 5, Price: 100}, {BidID: 17, AgencyID: 6, Price: 100}, {BidID: 44, AgencyID: 7, Price: 100}}
	ranked, d := market.RankRandomDraw(9, closes, cands)
	res := market.Result{Method: market.MethodRandomDraw, Seed: d.Seed, Draw: &d, AgencyID: ranked[0].AgencyID}
	for _, r := range ranked {
		id := r.BidID
		res.Ranking = append(res.Ranking, market.ResultEntry{Rank: r.Rank, BidID: &id, AgencyID: r.AgencyID, Price: r.Price})
	}
	project := func(r market.Result) []byte {
		b, _ := json.Marshal(map[string]any{"id": 9, "method": "random_draw", "closes_at": closes, "result": r})
		return b
	}
	body := project(res)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/projects/9" {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	defer srv.Close()

	var out bytes.Buffer
	if err := VerifyDrawCommand(context.Background(), []string{"9", "-url", srv.URL}, &out); err != nil || !strings.HasPrefix(out.String(), "OK") {
		t.Fatalf("genuine draw: %v\n%s", err, out.String())
	}
	res.Draw.Order[0], res.Draw.Order[1] = res.Draw.Order[1], res.Draw.Order[0]
	body = project(res)
	out.Reset()
	if err := VerifyDrawCommand(context.Background(), []string{"9", "-url", srv.URL}, &out); err == nil || !strings.HasPrefix(out.String(), "MISMATCH") {
		t.Fatalf("tampered draw: %v\n%s", err, out.String())
	}
	if err := VerifyDrawCommand(context.Background(), []string{"10", "-url", srv.URL}, &out); err == nil {
		t.Fatal("missing project verified")
	}
}
