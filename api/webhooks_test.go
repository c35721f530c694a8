package api_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
)

// receiver is a real local HTTP endpoint that checks signatures, fails the
// first failFirst attempts of every event, and records what it accepted.
type receiver struct {
	mu        sync.Mutex
	secret    string
	failFirst int
	attempts  map[string]int    // event id → requests seen
	bodies    map[string]string // event id → first body
	accepted  []string          // event ids answered 2xx, in order
	badSig    int
	mismatch  int
	types     []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	ts := r.Header.Get("X-Webhook-Timestamp")
	mac := hmac.New(sha256.New, []byte(rc.secret))
	mac.Write([]byte(ts + "." + string(body)))
	if r.Header.Get("X-Webhook-Signature") != "v1="+hex.EncodeToString(mac.Sum(nil)) {
		rc.badSig++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev opendata.Event
	json.Unmarshal(body, &ev)
	if ev.ID != r.Header.Get("X-Event-Id") {
		rc.mismatch++
	}
	if first, ok := rc.bodies[ev.ID]; ok && first != string(body) {
		rc.mismatch++
	} else if !ok {
		rc.bodies[ev.ID] = string(body)
	}
	rc.attempts[ev.ID]++
	if rc.attempts[ev.ID] <= rc.failFirst {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	for _, id := range rc.accepted {
		if id == ev.ID {
			w.WriteHeader(http.StatusOK) // a duplicate: dropped by id
			return
		}
	}
	rc.accepted = append(rc.accepted, ev.ID)
	rc.types = append(rc.types, ev.Type)
	w.WriteHeader(http.StatusOK)
}

func TestMarketplace_WebhookBadInput(t *testing.T) {
	t.Parallel()
	app := newTestApp(t) // production mode: https and public targets only
	_, tok := app.register("enterprise", "某企业有限公司")
	for _, c := range []struct {
		body   map[string]any
		status int
		code   string
	}{
		{map[string]any{"url": "http://hooks.example.com/x", "event_types": []string{"*"}}, 400, "webhook_url_not_https"},
		{map[string]any{"url": "https://127.0.0.1/x", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://10.1.2.3/x", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://192.168.0.10:8443/x", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://[::1]/x", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://169.254.169.254/latest", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://localhost/x", "event_types": []string{"*"}}, 400, "webhook_url_private"},
		{map[string]any{"url": "https://user:pw@8.8.8.8/x", "event_types": []string{"*"}}, 400, "webhook_url_invalid"},
		{map[string]any{"url": "not a url", "event_types": []string{"*"}}, 400, "webhook_url_invalid"},
		{map[string]any{"url": "https://8.8.8.8/x", "event_types": []string{"bid.submitted"}}, 400, "unknown_event_type"},
		{map[string]any{"url": "https://8.8.8.8/x", "event_types": []string{}}, 400, ""},
	} {
		r := app.do("POST", "/api/v1/webhooks", tok, c.body)
		if r.Status != c.status || (c.code != "" && r.errorCode(t) != c.code) {
			t.Errorf("%v: %d %s", c.body, r.Status, r.Body)
		}
	}
	if r := app.do("POST", "/api/v1/webhooks", "", map[string]any{"url": "https://8.8.8.8/x", "event_types": []string{"*"}}); r.Status != 401 {
		t.Errorf("anonymous: %d", r.Status)
	}
	if n := countRows(t, app, "SELECT count(*) FROM webhook_endpoints"); n != 0 {
		t.Errorf("%d endpoints written by refused requests", n)
	}
	// A public literal address is accepted in production mode.
	r := app.do("POST", "/api/v1/webhooks", tok, map[string]any{"url": "https://8.8.8.8/hook", "event_types": []string{"project.published"}})
	if r.Status != 201 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
}

func countRows(t *testing.T, app *testApp, sql string) int64 {
	t.Helper()
	var n int64
	storagetestCount(t, app, sql, &n)
	return n
}

func TestMarketplace_Webhooks(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.OpenData.AllowPrivateWebhooks = true
	app.Market.OpenData.WebhookMaxAttempts = 3
	app.Market.OpenData.WebhookDisableAfter = 8
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, adm := app.staff("admin", "平台管理员")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")

	good := &receiver{failFirst: 2, attempts: map[string]int{}, bodies: map[string]string{}}
	goodSrv := httptest.NewServer(good)
	defer goodSrv.Close()
	var badHits sync.Map
	badSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		badHits.Store(r.Header.Get("X-Delivery-Id")+"/"+r.Header.Get("X-Delivery-Attempt"), true)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer badSrv.Close()

	var hook, badHook opendata.Webhook
	r := app.do("POST", "/api/v1/webhooks", a, map[string]any{"url": goodSrv.URL + "/hook", "event_types": []string{"*"}})
	r.decode(t, &hook)
	if r.Status != 201 || !strings.HasPrefix(hook.Secret, "whsec_") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	good.mu.Lock()
	good.secret = hook.Secret
	good.mu.Unlock()
	r = app.do("POST", "/api/v1/webhooks", ent, map[string]any{"url": badSrv.URL, "event_types": []string{"project.published", "project.cancelled"}})
	r.decode(t, &badHook)

	// Events: two publications, a sealed bid (never forwarded), a cancellation.
	p1 := app.publishedProject(ent, nil)
	p2 := app.publishedProject(ent, nil)
	if r := app.do("PUT", bidPath(p1.ID), a, map[string]any{"price": "77777.00"}); r.Status != 200 {
		t.Fatal(r.Status)
	}
	app.do("POST", fmt.Sprintf("/api/v1/projects/%d/cancel", p2.ID), ent, map[string]string{"reason": "需求变更"})
	ctx := context.Background()
	run := func(job string) int {
		t.Helper()
		res, err := app.Jobs.RunOnce(ctx, job)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		return res.Rows
	}
	if n := run("dispatch_events"); n != 3 {
		t.Errorf("dispatched %d events, want 3 (published ×2, cancelled)", n)
	}
	if n := run("dispatch_events"); n != 0 {
		t.Errorf("second dispatch handled %d events", n)
	}
	// Deliver, moving the clock past each backoff, until nothing is due.
	for i := 0; i < 10; i++ {
		run("deliver_webhooks")
		app.setNow(app.now.Add(time.Minute))
	}

	good.mu.Lock()
	defer good.mu.Unlock()
	t.Run("every event arrives through induced failures, same id and body on redelivery", func(t *testing.T) {
		if len(good.accepted) != 3 || good.badSig != 0 || good.mismatch != 0 {
			t.Errorf("accepted %v, bad signatures %d, mismatches %d", good.accepted, good.badSig, good.mismatch)
		}
		for id, n := range good.attempts {
			if n != 3 {
				t.Errorf("%s: %d attempts, want 3 (2 failures + success)", id, n)
			}
		}
		for _, typ := range good.types {
			if strings.HasPrefix(typ, "bid.") || strings.HasPrefix(typ, "auction.") {
				t.Errorf("forwarded %s", typ)
			}
		}
		for _, b := range good.bodies {
			if strings.Contains(b, "77777") {
				t.Errorf("sealed price forwarded: %s", b)
			}
		}
	})
	t.Run("delivery log for the owner", func(t *testing.T) {
		r := app.do("GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), a, nil)
		var l struct{ Items []opendata.WebhookDelivery }
		r.decode(t, &l)
		if r.Status != 200 || len(l.Items) != 3 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		for _, d := range l.Items {
			if d.Status != "delivered" || d.Attempts != 2 || !strings.HasPrefix(d.EventID, "evt_") {
				t.Errorf("delivery %+v", d)
			}
		}
		if r := app.do("GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), ent, nil); r.Status != 404 {
			t.Errorf("another account reads the log: %d", r.Status)
		}
	})
	t.Run("dead letters and disabled endpoint", func(t *testing.T) {
		r := app.do("GET", "/api/v1/webhooks", ent, nil)
		var l struct{ Items []opendata.Webhook }
		r.decode(t, &l)
		if len(l.Items) != 1 || l.Items[0].Status != "disabled" || l.Items[0].Secret != "" {
			t.Errorf("bad endpoint: %s", r.Body)
		}
		r = app.do("GET", "/api/v1/webhooks/dead-letters", adm, nil)
		var dl struct {
			Items []opendata.WebhookDelivery
			Total int
		}
		r.decode(t, &dl)
		if r.Status != 200 || dl.Total != 3 {
			t.Errorf("dead letters: %d %s", r.Status, r.Body)
		}
		if r := app.do("GET", "/api/v1/webhooks/dead-letters", ent, nil); r.Status != 403 {
			t.Errorf("non-admin reads dead letters: %d", r.Status)
		}
		hits := 0
		badHits.Range(func(_, _ any) bool { hits++; return true })
		if hits != 8 {
			t.Errorf("bad endpoint got %d attempts, want 8: two events dead after 3 attempts, the third dropped when the endpoint is disabled at the 8th failure", hits)
		}
	})
	t.Run("delete", func(t *testing.T) {
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/webhooks/%d", hook.ID), ent, nil); r.Status != 404 {
			t.Errorf("other owner deletes: %d", r.Status)
		}
		if r := app.do("DELETE", fmt.Sprintf("/api/v1/webhooks/%d", hook.ID), a, nil); r.Status != 204 {
			t.Errorf("delete: %d", r.Status)
		}
		if r := app.do("GET", fmt.Sprintf("/api/v1/webhooks/%d/deliveries", hook.ID), a, nil); r.Status != 404 {
			t.Errorf("deleted endpoint log: %d", r.Status)
		}
	})
}
