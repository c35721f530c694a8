package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"marketplace/domain/opendata"
	"marketplace/jobs"
)

// heldReceiver holds every request until release is closed (or the
// request is cut short), then answers 200. It counts the requests it is
// holding and the ones that ended before the release.
type heldReceiver struct {
	*httptest.Server
	mu            sync.Mutex
	held          int // requests being held now
	endedBeforeGo int // requests answered or cut short before the release
}

func newHeldReceiver(release <-chan struct{}) *heldReceiver {
	h := &heldReceiver{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.held++
		h.mu.Unlock()
		released := false
		select {
		case <-release:
			released = true
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
		h.mu.Lock()
		h.held--
		if !released {
			h.endedBeforeGo++
		}
		h.mu.Unlock()
	}))
	return h
}

// holding reports whether the receiver holds a request now, and how many
// of its requests ended before the release.
func (h *heldReceiver) holding() (bool, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held > 0, h.endedBeforeGo
}

// Three endpoints that do not answer do not hold up a healthy one. Once
// each slow endpoint holds a request, five more events are published: the
// healthy endpoint gets them all, each once and as a first attempt, while
// the slow ones still hold theirs (a delivery queued behind a slow one
// would wait for it). The slow endpoints answer only when released, with
// a delivery timeout far above the test's waits, so the outcome depends on
// the order of deliveries and not on how fast a busy machine delivers: the
// test runs beside the others. The slow endpoints' attempts are recorded
// once they answer.
func TestMarketplace_SlowWebhooksDoNotStall(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.OpenData.AllowPrivateWebhooks = true
	app.Market.OpenData.WebhookTimeout = time.Minute
	_, ent := app.register("enterprise", "慢端点测试企业有限公司")
	app.agency("慢端点测试咨询有限公司", "NAT-01") // publishing needs a field that could bid

	const events = 6 // one to occupy the slow endpoints, then five
	release := make(chan struct{})
	var mu sync.Mutex
	seen := map[string][]string{} // event id → X-Delivery-Attempt of each request
	type snapshot struct {
		holding bool
		ended   int
	}
	var atLast []snapshot // each slow endpoint when the healthy one got its last event
	var slow []*heldReceiver
	for range 3 {
		h := newHeldReceiver(release)
		t.Cleanup(h.Close)
		slow = append(slow, h)
	}
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev opendata.Event
		json.Unmarshal(body, &ev)
		mu.Lock()
		seen[ev.ID] = append(seen[ev.ID], r.Header.Get("X-Delivery-Attempt"))
		if len(seen) == events && atLast == nil {
			for _, h := range slow {
				holding, ended := h.holding()
				atLast = append(atLast, snapshot{holding, ended})
			}
		}
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer healthy.Close()
	var hooks []int64
	for _, u := range []string{slow[0].URL, slow[1].URL, slow[2].URL, healthy.URL} {
		r := app.do("POST", "/api/v1/webhooks", ent, map[string]any{"url": u, "event_types": []string{"project.published"}})
		var w opendata.Webhook
		r.decode(t, &w)
		if r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		hooks = append(hooks, w.ID)
	}

	if err := app.Jobs.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			app.Jobs.Stop(context.Background())
		}
	}
	defer stop()
	released := false
	letGo := func() {
		if !released {
			released = true
			close(release)
		}
	}
	defer letGo()
	// A generous bound, reached only when a delivery waits for ever.
	await := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(45 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting until %s", what)
			}
		}
	}
	app.publishedProject(ent, nil)
	await("each slow endpoint holds a request", func() bool {
		for _, h := range slow {
			if holding, _ := h.holding(); !holding {
				return false
			}
		}
		return true
	})
	for range events - 1 {
		app.publishedProject(ent, nil)
	}
	await("the healthy endpoint has every event", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return atLast != nil
	})
	letGo()
	mu.Lock()
	for i, s := range atLast {
		if !s.holding || s.ended != 0 {
			t.Errorf("slow endpoint %d when the healthy one had every event: holding a request %v, requests ended %d; want it still holding its first", i, s.holding, s.ended)
		}
	}
	for id, attempts := range seen {
		if len(attempts) != 1 || attempts[0] != "1" {
			t.Errorf("%s delivered as attempts %v, want once as attempt 1", id, attempts)
		}
	}
	mu.Unlock()

	// The slow endpoints' first attempts are recorded once they answer.
	for _, id := range hooks[:3] {
		q := fmt.Sprintf("SELECT count(*) FROM outbox WHERE topic = 'webhook' AND entity_id = %d AND done_at IS NOT NULL", id)
		for until := time.Now().Add(30 * time.Second); countRows(t, app.testApp, q) == 0; {
			if time.Now().After(until) {
				t.Fatalf("no delivery to slow endpoint %d recorded", id)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	stop()
	if n := countRows(t, app.testApp, fmt.Sprintf(`SELECT count(*) FROM outbox WHERE topic = 'webhook' AND entity_id = %d
		AND (done_at IS NULL OR dead OR attempts <> 0)`, hooks[3])); n != 0 {
		t.Errorf("%d deliveries to the healthy endpoint not done at the first attempt", n)
	}
	if n := countRows(t, app.testApp, "SELECT count(*) FROM outbox WHERE topic = 'webhook' AND done_at IS NULL AND locked_until IS NOT NULL"); n != 0 {
		t.Errorf("%d leases left after the engine stopped", n)
	}
}

// Webhook targets are public unicast addresses on port 443: embedded IPv4
// forms are unwrapped, every special-purpose range refused, at
// registration and again at dial time; an account has at most 10 hooks.
func TestMarketplace_WebhookTargets(t *testing.T) {
	t.Parallel()
	app := newTestApp(t) // production mode
	_, tok := app.register("enterprise", "目标测试企业有限公司")
	for _, u := range []string{
		"https://[::ffff:127.0.0.1]/x", "https://[::ffff:a9fe:a9fe]/x", "https://[64:ff9b::a00:1]/x", "https://[64:ff9b::7f00:1]/x",
		"https://[2002:c0a8:101::1]/x", "https://[2002:7f00:1::]/x", "https://198.18.0.1/x", "https://198.19.1.1/x", "https://240.0.0.1/x",
		"https://192.0.0.8/x", "https://100.64.0.1/x", "https://192.0.2.1/x", "https://[fd12::1]/x", "https://[2001:db8::1]/x",
	} {
		if r := app.do("POST", "/api/v1/webhooks", tok, map[string]any{"url": u, "event_types": []string{"*"}}); r.Status != 400 || r.errorCode(t) != "webhook_url_private" {
			t.Errorf("%s: %d %s", u, r.Status, r.Body)
		}
	}
	for _, u := range []string{"https://8.8.8.8:8443/x", "https://8.8.8.8:80/x"} {
		if r := app.do("POST", "/api/v1/webhooks", tok, map[string]any{"url": u, "event_types": []string{"*"}}); r.Status != 400 || r.errorCode(t) != "webhook_url_port" {
			t.Errorf("%s: %d %s", u, r.Status, r.Body)
		}
	}
	if n := countRows(t, app, "SELECT count(*) FROM webhook_endpoints"); n != 0 {
		t.Fatalf("%d endpoints written by refused requests", n)
	}

	t.Run("at most 10 per account", func(t *testing.T) {
		_, other := app.register("enterprise", "上限测试企业有限公司")
		var first opendata.Webhook
		for i := range 10 {
			r := app.do("POST", "/api/v1/webhooks", other, map[string]any{"url": fmt.Sprintf("https://8.8.8.8/h%d", i), "event_types": []string{"*"}})
			if r.Status != 201 {
				t.Fatalf("hook %d: %d %s", i, r.Status, r.Body)
			}
			if i == 0 {
				r.decode(t, &first)
			}
		}
		if r := app.do("POST", "/api/v1/webhooks", other, map[string]any{"url": "https://8.8.8.8/h10", "event_types": []string{"*"}}); r.Status != 409 || r.errorCode(t) != "webhook_limit" {
			t.Errorf("11th: %d %s", r.Status, r.Body)
		}
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/webhooks/%d", first.ID), other, nil); r.Status != 204 {
			t.Fatalf("delete: %d", r.Status)
		}
		if r := app.do("POST", "/api/v1/webhooks", other, map[string]any{"url": "https://8.8.8.8/h10", "event_types": []string{"*"}}); r.Status != 201 {
			t.Errorf("after a delete: %d %s", r.Status, r.Body)
		}
	})

	t.Run("checked again at dial time", func(t *testing.T) {
		// Registered as a public address; the name now leads inside (DNS
		// rebinding), or a row predates the rules.
		var w opendata.Webhook
		r := app.do("POST", "/api/v1/webhooks", tok, map[string]any{"url": "https://8.8.8.8/hook", "event_types": []string{"*"}})
		r.decode(t, &w)
		storagetestExec(t, app, fmt.Sprintf(`UPDATE webhook_endpoints SET url = 'https://[64:ff9b::7f00:1]/hook' WHERE id = %d`, w.ID))
		storagetestExec(t, app, fmt.Sprintf(`INSERT INTO outbox (topic, entity, entity_id, version, payload)
			VALUES ('webhook', 'webhook', %d, 1, '{"id":"evt_1"}')`, w.ID))
		if _, err := app.Jobs.RunOnce(context.Background(), "deliver_webhooks"); err != nil {
			t.Fatal(err)
		}
		r = app.do("GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", w.ID), tok, nil)
		var l struct{ Items []opendata.WebhookDelivery }
		r.decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].Attempts != 1 || !strings.Contains(l.Items[0].LastError, "non-public") {
			t.Errorf("delivery log: %s", r.Body)
		}
	})
}

// The delivery engine's throughput to fast local receivers: every
// delivery arrives once; the rate is logged (docs/security.md).
func TestMarketplace_WebhookThroughput(t *testing.T) {
	app := newBiddingApp(t)
	app.Market.OpenData.AllowPrivateWebhooks = true
	_, ent := app.register("enterprise", "吞吐测试企业有限公司")
	var mu sync.Mutex
	got := map[string]int{}
	fast := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		got[r.Header.Get("X-Delivery-Id")]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer fast.Close()
	for _, c := range []struct{ endpoints, rows int }{{1, 2000}, {4, 4000}} {
		t.Run(fmt.Sprintf("%d endpoints", c.endpoints), func(t *testing.T) {
			mu.Lock()
			clear(got)
			mu.Unlock()
			for range c.endpoints {
				var w opendata.Webhook
				r := app.do("POST", "/api/v1/webhooks", ent, map[string]any{"url": fast.URL, "event_types": []string{"project.published"}})
				r.decode(t, &w)
				storagetestExec(t, app.testApp, fmt.Sprintf(`INSERT INTO outbox (topic, entity, entity_id, version, payload, next_attempt_at)
					SELECT 'webhook', 'webhook', %d, g, '{"id":"evt_1","type":"project.published"}', '%s'
					FROM generate_series(1, %d) g`, w.ID, app.now.Add(-time.Second).Format(time.RFC3339Nano), c.rows/c.endpoints))
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			start := time.Now()
			go func() { jobs.NewDeliverer(app.Market, opendata.WebhookTopic, app.Jobs.Log).Run(ctx); close(done) }()
			q := "SELECT count(*) FROM outbox WHERE topic = 'webhook' AND done_at IS NULL"
			for until := time.Now().Add(60 * time.Second); countRows(t, app.testApp, q) > 0; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(until) {
					break
				}
			}
			elapsed := time.Since(start)
			cancel()
			<-done
			mu.Lock()
			defer mu.Unlock()
			for id, n := range got {
				if n != 1 {
					t.Errorf("delivery %s sent %d times", id, n)
				}
			}
			if len(got) != c.rows {
				t.Errorf("%d of %d deliveries arrived", len(got), c.rows)
			}
			t.Logf("%d deliveries to %d endpoint(s) in %s: %.0f/s", c.rows, c.endpoints, elapsed.Round(time.Millisecond), float64(c.rows)/elapsed.Seconds())
		})
	}
}
