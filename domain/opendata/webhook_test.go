package opendata_test

import (
	"encoding/json"
	"net/netip"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/opendata"
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
		// embedded IPv4: mapped, NAT64, 6to4
		{"https://[::ffff:127.0.0.1]/hook", false, "webhook_url_private"},
		{"https://[64:ff9b::a00:1]/hook", false, "webhook_url_private"},
		{"https://[64:ff9b::808:808]/hook", false, ""},
		{"https://[2002:c0a8:101::1]/hook", false, "webhook_url_private"},
		{"https://[2002:808:808::1]/hook", false, ""},
		// special-purpose ranges
		{"https://198.18.0.1/hook", false, "webhook_url_private"},
		{"https://198.19.255.254/hook", false, "webhook_url_private"},
		{"https://240.0.0.1/hook", false, "webhook_url_private"},
		{"https://255.255.255.255/hook", false, "webhook_url_private"},
		{"https://192.0.0.8/hook", false, "webhook_url_private"},
		{"https://192.0.2.10/hook", false, "webhook_url_private"},
		{"https://100.127.255.1/hook", false, "webhook_url_private"},
		{"https://[2001:db8::1]/hook", false, "webhook_url_private"},
		{"https://[2001::1]/hook", false, "webhook_url_private"},
		{"https://[fd00::1]/hook", false, "webhook_url_private"},
		{"https://[64:ff9b:1::1]/hook", false, "webhook_url_private"},
		// ports: 443 only in production
		{"https://8.8.8.8:443/hook", false, ""},
		{"https://8.8.8.8:8443/hook", false, "webhook_url_port"},
		{"https://8.8.8.8:80/hook", false, "webhook_url_port"},
		{"https://hooks.example.com:22/", false, "webhook_url_port"},
	} {
		err := opendata.CheckWebhookURL(c.url, c.allowPrivate)
		got := ""
		if err != nil {
			got = err.(*kernel.Error).Reason
		}
		if got != c.reason {
			t.Errorf("%s (allowPrivate=%v): got %q, want %q", c.url, c.allowPrivate, got, c.reason)
		}
	}
}

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{"8.8.8.8": true, "127.0.0.1": false, "10.9.8.7": false, "fe80::1": false, "fc00::1": false,
		"224.0.0.1": false, "2400:3200::1": true, "::ffff:8.8.8.8": true, "::ffff:10.0.0.1": false, "64:ff9b::7f00:1": false,
		"2002:7f00:1::": false, "2002:808:808::": true, "198.18.5.5": false, "240.1.2.3": false, "192.0.0.170": false,
		"fe80::1%eth0": false, "::": false, "::1": false} {
		if got := opendata.PublicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("%s: %v", addr, got)
		}
	}
}

func TestSignWebhook(t *testing.T) {
	// echo -n '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
	got := opendata.SignWebhook("whsec_test", 1700000000, []byte(`{"id":"evt_1"}`))
	if got != "v1=c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925" {
		t.Fatalf("signature %s", got)
	}
	if got == opendata.SignWebhook("whsec_test", 1700000001, []byte(`{"id":"evt_1"}`)) {
		t.Error("the timestamp is not signed")
	}
	if got == opendata.SignWebhook("whsec_other", 1700000000, []byte(`{"id":"evt_1"}`)) {
		t.Error("the secret does not matter")
	}
}

func TestPublicEvent(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	parties := &opendata.EventParties{ProjectID: 7, AgencyID: 0}
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
		a := &kernel.AuditEntry{ID: 42, At: at, Action: c.action, Summary: json.RawMessage(c.summary)}
		ev, ok := opendata.PublicEvent(a, parties, "ocds-zjcs01-")
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

func TestCheckWebhookDial(t *testing.T) {
	for addr, want := range map[string]bool{"8.8.8.8:443": true, "8.8.8.8:80": false, "8.8.8.8:8443": false, "127.0.0.1:443": false,
		"[::ffff:127.0.0.1]:443": false, "[64:ff9b::a9fe:a9fe]:443": false, "[2400:3200::1]:443": true} {
		if got := opendata.CheckWebhookDial(netip.MustParseAddrPort(addr), false) == nil; got != want {
			t.Errorf("%s: allowed %v", addr, got)
		}
		if opendata.CheckWebhookDial(netip.MustParseAddrPort(addr), true) != nil {
			t.Errorf("%s refused in development", addr)
		}
	}
}
