package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"marketplace/api"
)

// trustProxies configures TRUSTED_PROXIES for a test server (the test
// client connects from loopback, so "127.0.0.1/32" makes it the proxy).
func trustProxies(list string) func(*api.Server) {
	return func(s *api.Server) {
		nets, err := api.ParseTrustedProxies(list)
		if err != nil {
			panic(err)
		}
		s.TrustedProxies = nets
	}
}

// sendVia sends a JSON request with extra headers (as a proxy forwards it).
func (a *testApp) sendVia(method, path, token string, body any, headers map[string]string) *response {
	a.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, a.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return a.send(req)
}

func TestClientIP_TrustedProxies(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		trusted string
		headers map[string]string
		want    string
	}{
		{"forwarded by a trusted proxy", "127.0.0.1/32", map[string]string{"X-Forwarded-For": "198.51.100.7"}, "198.51.100.7"},
		{"a client's own prefix to the header is ignored", "127.0.0.1/32", map[string]string{"X-Forwarded-For": "203.0.113.99, 198.51.100.7"}, "198.51.100.7"},
		{"X-Real-IP from a trusted proxy", "127.0.0.1", map[string]string{"X-Real-IP": "198.51.100.8"}, "198.51.100.8"},
		{"headers from an untrusted peer are ignored", "10.0.0.0/8", map[string]string{"X-Forwarded-For": "198.51.100.7", "X-Real-IP": "198.51.100.8"}, "127.0.0.1"},
		{"nothing trusted by default", "", map[string]string{"X-Forwarded-For": "198.51.100.7"}, "127.0.0.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			app := newBiddingApp(t, trustProxies(tc.trusted))
			_, owner := app.register("enterprise", "某化工有限公司")
			id, tok := app.agency("地址测试咨询有限公司", "NAT-01")
			p := app.publishedProject(owner, nil)
			if r := app.sendVia("PUT", bidPath(p.ID), tok, map[string]any{"price": "90000.00"}, tc.headers); r.Status != http.StatusOK {
				t.Fatalf("bid: %d %s", r.Status, r.Body)
			}
			var got string
			if err := app.DB.SQL().QueryRow(`SELECT client_ip FROM bid_evidence WHERE project_id = $1 AND agency_id = $2`, p.ID, id).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("bid evidence client_ip = %q, want %q", got, tc.want)
			}
			app.sendVia("POST", "/api/v1/auth/login", "", map[string]string{"email": "nobody@example.cn", "password": "wrong-password-x"}, tc.headers)
			if err := app.DB.SQL().QueryRow(`SELECT ip FROM login_attempts WHERE email = 'nobody@example.cn'`).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("login attempt ip = %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("bad configuration is refused", func(t *testing.T) {
		for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
			if _, err := api.ParseTrustedProxies(bad); err == nil {
				t.Errorf("%q accepted", bad)
			}
		}
	})
}
