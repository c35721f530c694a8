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

// slowReceiver answers after delay (or when the request is cut short).
func slowReceiver(delay time.Duration) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
			w.WriteHeader(http.StatusOK)
		case <-r.Context().Done():
		}
	}))
}

// Three endpoints that take 4.5 s to answer do not hold up a healthy one:
// it gets every event once, as a first attempt, less than 4 s after the
// event (a delivery queued behind a slow one would take 4.5 s more); the
// slow endpoints' attempts are recorded as they end. Each event's time is
// taken when its publication returns, so a busy machine that publishes
// slowly does not eat into the window.
func TestMarketplace_SlowWebhooksDoNotStall(t *testing.T) {
	// Serial: it times deliveries against the wall clock (serialTests).
	app := newBiddingApp(t)
	app.Market.OpenData.AllowPrivateWebhooks = true
	_, ent := app.register("enterprise", "慢端点测试企业有限公司")
	app.agency("慢端点测试咨询有限公司", "NAT-01") // publishing needs a field that could bid

	var mu sync.Mutex
	seen := map[string][]string{}    // event id → X-Delivery-Attempt of each request
	arrived := map[int64]time.Time{} // project → when its first delivery arrived
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var ev opendata.Event
		json.Unmarshal(body, &ev)
		mu.Lock()
		seen[ev.ID] = append(seen[ev.ID], r.Header.Get("X-Delivery-Attempt"))
		if ev.ProjectID != nil {
			if _, ok := arrived[*ev.ProjectID]; !ok {
				arrived[*ev.ProjectID] = time.Now()
			}
		}
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer healthy.Close()
	var hooks []int64
	for _, u := range []string{slowURL(t, 4500*time.Millisecond), slowURL(t, 4500*time.Millisecond), slowURL(t, 4500*time.Millisecond), healthy.URL} {
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
	const events = 5
	const within = 4 * time.Second
	published := map[int64]time.Time{}
	for range events {
		p := app.publishedProject(ent, nil)
		published[p.ID] = time.Now()
	}
	deadline := time.Now().Add(within)
	for {
		mu.Lock()
		n := len(seen)
		mu.Unlock()
		if n >= events || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	mu.Lock()
	if len(seen) != events {
		t.Errorf("the healthy endpoint got %d of %d events within %s", len(seen), events, within)
	}
	for id, at := range published {
		if got, ok := arrived[id]; ok && got.Sub(at) >= within {
			t.Errorf("project %d's event reached the healthy endpoint %s after it was published, want < %s", id, got.Sub(at), within)
		}
	}
	for id, attempts := range seen {
		if len(attempts) != 1 || attempts[0] != "1" {
			t.Errorf("%s delivered as attempts %v, want once as attempt 1", id, attempts)
		}
	}
	mu.Unlock()

	// The slow endpoints' first attempts are recorded while they still
	// have deliveries to go.
	for _, id := range hooks[:3] {
		q := fmt.Sprintf("SELECT count(*) FROM outbox WHERE topic = 'webhook' AND entity_id = %d AND done_at IS NOT NULL", id)
		for until := time.Now().Add(10 * time.Second); countRows(t, app.testApp, q) == 0; {
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

func slowURL(t *testing.T, d time.Duration) string {
	s := slowReceiver(d)
	t.Cleanup(s.Close)
	return s.URL
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
