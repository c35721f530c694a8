package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// The deadline race: many agencies bid and revise across the close while
// the scheduler is stopped. The platform clock runs in real time and crosses
// the deadline mid-test. No bid may be stored with submitted_at at or after
// the deadline, and every accepted (2xx) bid must be stored: the latest
// accepted price of each agency is its stored price, and each accepted
// request left exactly one audit row.
func TestMarketplace_BidDeadlineRace(t *testing.T) {
	t.Parallel()
	t.Run("scheduler stopped", func(t *testing.T) { bidDeadlineRace(t, false) })
	// With the close job running in a loop during the race, every accepted
	// bid must also be in the close: valid, none left submitted.
	t.Run("scheduler closing concurrently", func(t *testing.T) { bidDeadlineRace(t, true) })
}

func bidDeadlineRace(t *testing.T, closer bool) {
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	const agencies = 24
	ids, tokens := make([]int64, agencies), make([]string, agencies)
	for i := range tokens {
		ids[i], tokens[i] = app.agency(fmt.Sprintf("竞速测试咨询公司%02d", i), "NAT-01")
	}
	p := app.publishedProject(ent, nil)

	// The platform clock stands lead before the deadline until the first bid
	// is accepted, then runs in real time across it: on a loaded machine the
	// first responses can take longer than any fixed lead, and the race must
	// straddle the deadline however slow the requests are.
	const lead, after = 700 * time.Millisecond, 300 * time.Millisecond
	var running atomic.Int64 // when the clock started running, Unix ns; 0 before the first acceptance
	now := func() time.Time {
		if r := running.Load(); r != 0 {
			return p.ClosesAt.Add(-lead).Add(time.Since(time.Unix(0, r)))
		}
		return p.ClosesAt.Add(-lead)
	}
	app.DB.Clock().Set(now)
	start := time.Now()
	var accepted, refused, other atomic.Int64
	done := func() bool {
		return refused.Load() > 0 && now().After(p.ClosesAt.Add(after)) || time.Since(start) > time.Minute
	}
	last := make([]string, agencies) // latest accepted price per agency
	var wg sync.WaitGroup
	if closer {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done() {
				if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	for i := range tokens {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for k := 0; !done(); k++ {
				price := fmt.Sprintf("%d.%02d", 90000-k, i)
				r := app.do("PUT", bidPath(p.ID), tokens[i], map[string]any{"price": price, "proposal": "方案"})
				switch {
				case r.Status == http.StatusOK:
					accepted.Add(1)
					running.CompareAndSwap(0, time.Now().UnixNano())
					last[i] = price
				case r.Status == http.StatusConflict && r.errorCode(t) == "bidding_closed":
					refused.Add(1)
				default:
					other.Add(1)
					t.Errorf("unexpected %d %s", r.Status, r.Body)
				}
			}
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := accepted.Load() + refused.Load() + other.Load()
	t.Logf("deadline race (closer %v): %d requests in %v (%.0f req/s), %d accepted before the deadline, %d refused after",
		closer, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds(), accepted.Load(), refused.Load())
	if accepted.Load() == 0 || refused.Load() == 0 {
		t.Fatalf("the race did not straddle the deadline (accepted %d, refused %d)", accepted.Load(), refused.Load())
	}
	late := app.count(fmt.Sprintf("SELECT count(*) FROM bids b JOIN projects p ON p.id = b.project_id WHERE b.project_id = %d AND b.submitted_at >= p.closes_at", p.ID))
	if late != 0 {
		t.Errorf("%d bids stored at or after the deadline", late)
	}
	audited := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE subject_id = '%d' AND action IN ('bid.submitted', 'bid.revised')", p.ID))
	if audited != accepted.Load() {
		t.Errorf("%d bid audit rows, %d accepted responses", audited, accepted.Load())
	}
	if closer {
		if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
			t.Fatal(err)
		}
		withBid := 0
		for _, l := range last {
			if l != "" {
				withBid++
			}
		}
		valid := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d AND status = 'valid'", p.ID))
		left := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE project_id = %d AND status <> 'valid'", p.ID))
		if valid != int64(withBid) || left != 0 {
			t.Errorf("after close: %d valid, %d other; %d agencies had a bid accepted", valid, left, withBid)
		}
		if n := app.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'project.closed' AND subject_id = '%d'", p.ID)); n != 1 {
			t.Errorf("%d close audit rows", n)
		}
	}
	for i, id := range ids {
		if last[i] == "" {
			continue
		}
		var got int64
		storagetestCount(t, app.testApp, fmt.Sprintf("SELECT price_fen FROM bids WHERE project_id = %d AND agency_id = %d", p.ID, id), &got)
		var want int64
		var whole, frac int64
		fmt.Sscanf(last[i], "%d.%d", &whole, &frac)
		want = whole*100 + frac
		if got != want {
			t.Errorf("agency %d: stored %d fen, last accepted %s", id, got, last[i])
		}
	}
}
