package domain_test

import (
	"context"
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"marketplace/domain"
)

func TestCheckWebhookURL(t *testing.T) {
	for _, c := range []struct {
		url          string
		allowPrivate bool
		reason       string
	}{
		{"https://8.8.8.8/hook", false, ""},
		{"https://[2001:4860:4860::8888]/hook", false, ""},
		{"http://8.8.8.8/hook", false, "webhook_url_not_https"},
		{"ftp://8.8.8.8/hook", true, "webhook_url_not_https"},
		{"https://127.0.0.1/hook", false, "webhook_url_private"},
		{"https://127.1.2.3:8443/hook", false, "webhook_url_private"},
		{"https://[::1]/hook", false, "webhook_url_private"},
		{"https://[::ffff:10.0.0.1]/hook", false, "webhook_url_private"},
		{"https://10.0.0.1/hook", false, "webhook_url_private"},
		{"https://172.16.5.4/hook", false, "webhook_url_private"},
		{"https://192.168.1.1/hook", false, "webhook_url_private"},
		{"https://100.64.0.1/hook", false, "webhook_url_private"},
		{"https://169.254.169.254/", false, "webhook_url_private"},
		{"https://0.0.0.0/", false, "webhook_url_private"},
		{"https://LOCALHOST/", false, "webhook_url_private"},
		{"https://api.localhost/", false, "webhook_url_private"},
		{"https://u:p@8.8.8.8/", false, "webhook_url_invalid"},
		{"/relative", false, "webhook_url_invalid"},
		{"http://127.0.0.1:9999/dev", true, ""},
	} {
		err := domain.CheckWebhookURL(context.Background(), c.url, c.allowPrivate)
		got := ""
		if err != nil {
			got = err.(*domain.Error).Reason
		}
		if got != c.reason {
			t.Errorf("%s (allowPrivate=%v): got %q, want %q", c.url, c.allowPrivate, got, c.reason)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{"8.8.8.8": true, "127.0.0.1": false, "10.9.8.7": false, "fe80::1": false, "fc00::1": false,
		"224.0.0.1": false, "2400:3200::1": true} {
		if got := domain.PublicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %v", addr, got)
		}
	}
}

func TestSignWebhook(t *testing.T) {
	// echo -n '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
	got := domain.SignWebhook("whsec_test", 1700000000, []byte(`{"id":"evt_1"}`))
	if got != "v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925" {
		t.Fatalf("signature %s", got)
	}
	if got == domain.SignWebhook("whsec_test", 1700000001, []byte(`{"id":"evt_1"}`)) {
		t.Error("the timestamp is not signed")
	}
	if got == domain.SignWebhook("whsec_other", 1700000000, []byte(`{"id":"evt_1"}`)) {
		t.Error("the secret does not matter")
	}
}

func TestPublicEvent(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	parties := &domain.EventParties{ProjectID: 7, AgencyID: 0}
	for _, c := range []struct {
		action  string
		summary string
		public  bool
		data    string
	}{
		{"project.published", `{"bidding_closes_at":"2026-03-04T08:00:00Z","method":"lowest_price"}`, true,
			`{"bidding_closes_at":"2026-03-04T08:00:00Z","method":"lowest_price"}`},
		{"project.cancelled", `{"from":"bidding","reason":"需求变更"}`, true, `{"reason":"需求变更"}`},
		{"credit.suspended", `{"until":"2026-09-01T00:00:00Z","reason":"internal","event_id":3}`, true, `{"until":"2026-09-01T00:00:00Z"}`},
		{"objection.raised", `{"objection_id":4,"candidate_id":9,"objector_id":5}`, true, `{}`},
		{"bid.withdrawn", `{"price":"90000.00"}`, false, ``},
		{"auction.bid", `{"price":"90000.00"}`, false, ``},
		{"project.created", `{}`, false, ``},
	} {
		a := &domain.AuditEntry{ID: 42, At: at, Action: c.action, Summary: json.RawMessage(c.summary)}
		ev, ok := domain.PublicEvent(a, parties, domain.OCIDPrefix)
		if ok != c.public {
			t.Errorf("%s: public %v", c.action, ok)
			continue
		}
		if !ok {
			continue
		}
		data, _ := json.Marshal(ev.Data)
		if string(data) != c.data || ev.ID != "evt_42" || ev.OCID != "ocds-zjcs01-7" {
			t.Errorf("%s: %s %+v", c.action, data, ev)
		}
	}
}
