package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"marketplace/api"
)

// getPaths lists every GET path of openapi.yaml, so that endpoints added
// later are swept too.
func getPaths(t *testing.T) []string {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for path, item := range doc.Paths.Map() {
		if item.Get != nil && path != "/openapi.yaml" {
			out = append(out, path)
		}
	}
	sort.Strings(out)
	return out
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// Before close, no GET endpoint shows anyone but the bidder a sealed price,
// a proposal or the number of bids: every endpoint as every role, compared
// before and after the bids are placed.
func TestMarketplace_SealedBidsSweep(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	_, adm := app.staff("admin", "平台管理员")
	_, outsider := app.agency("旁观咨询有限公司", "NAT-01")
	_, bidder1 := app.agency("投标咨询有限公司一", "NAT-01")
	_, bidder2 := app.agency("投标咨询有限公司二", "NAT-01")
	p := app.publishedProject(ent, nil)

	roles := map[string]string{"anonymous": "", "owner": ent, "other agency": outsider, "department": dept, "admin": adm}
	paths := getPaths(t)
	expand := func(path string) string {
		return "/api/v1" + pathParam.ReplaceAllString(path, fmt.Sprint(p.ID))
	}
	// Volatile endpoints (counters of requests, of audit rows, of job
	// runs) change between the two snapshots whatever happens; they are
	// still searched for prices and proposals.
	// The audit chain's sealed positions move whenever the sealing job
	// runs, bids or not (its rows carry hashes, never a price).
	volatile := map[string]bool{"/audit/verify": true, "/admin/jobs": true, "/auth/me": false, "/audit/chain/{seq}": true}
	snapshot := func() map[string][]byte {
		out := map[string][]byte{}
		for role, tok := range roles {
			for _, path := range paths {
				r := app.do("GET", expand(path), tok, nil)
				out[role+" "+path] = r.Body
			}
		}
		// The operators' metrics (METRICS_ADDR) are not public, but they
		// must not carry a price or a proposal either.
		out["operator /metrics"] = app.opsGet("/metrics").Body
		return out
	}
	before := snapshot()

	secrets := []string{"73519.37", "7351937", "68888.88", "6888888", "绝密技术方案", "机密报价说明"}
	if r := app.do("PUT", bidPath(p.ID), bidder1, map[string]any{"price": "73519.37", "proposal": "绝密技术方案"}); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if r := app.do("PUT", bidPath(p.ID), bidder2, map[string]any{"price": "68888.88", "proposal": "机密报价说明"}); r.Status != 200 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	after := snapshot()

	for key, body := range after {
		for _, s := range secrets {
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("%s reveals %q: %.300s", key, s, body)
			}
		}
		path := strings.SplitN(key, " /", 2)
		if len(path) == 2 && (volatile["/"+path[1]] || strings.HasSuffix(key, "/metrics")) {
			continue
		}
		if !bytes.Equal(before[key], body) {
			t.Errorf("%s changed when bids were placed:\nbefore %.300s\nafter  %.300s", key, before[key], body)
		}
	}
	// The bids list answers 409 to every role, and the bidder sees its own
	// bid (which proves the search above looks for the right strings).
	for role, tok := range roles {
		if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids", p.ID), tok, nil); r.Status != http.StatusConflict {
			t.Errorf("%s: bids list %d", role, r.Status)
		}
	}
	if r := app.do("GET", bidPath(p.ID), bidder1, nil); !bytes.Contains(r.Body, []byte("73519.37")) || !bytes.Contains(r.Body, []byte("绝密技术方案")) {
		t.Errorf("bidder's own bid: %s", r.Body)
	}
	if r := app.do("GET", bidPath(p.ID), bidder2, nil); bytes.Contains(r.Body, []byte("73519.37")) {
		t.Errorf("another bidder sees the first bid: %s", r.Body)
	}
	t.Logf("swept %d GET endpoints × %d roles", len(paths)+1, len(roles))
}
