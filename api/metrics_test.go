package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// /metrics is not public: platform-wide counters (bids placed, by route)
// are not for anonymous callers. The public handler answers 404.
func TestMetrics_NotOnThePublicHandler(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	app.do("GET", "/api/v1/catalogue/items", "", nil)
	for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap"} {
		r := app.do("GET", path, "", nil)
		if r.Status != http.StatusNotFound {
			t.Errorf("public GET %s: %d, want 404", path, r.Status)
		}
		if strings.Contains(string(r.Body), "http_requests_total") {
			t.Errorf("public GET %s shows the request counters", path)
		}
	}
}

// opsGet reads path from the operators' handler (metrics and profiling), as
// main serves it on METRICS_ADDR.
func (a *testApp) opsGet(path string) *response {
	a.t.Helper()
	srv := httptest.NewServer(a.Server.OpsHandler())
	defer srv.Close()
	res, err := http.Get(srv.URL + path)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return &response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// The operators' handler serves the metrics of the public one and the Go
// profiler.
func TestMetrics_OpsHandler(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	app.do("GET", "/api/v1/catalogue/items", "", nil)
	r := app.opsGet("/metrics")
	if r.Status != http.StatusOK || !strings.Contains(string(r.Body), `http_requests_total{method="GET",route="/api/v1/catalogue/items",status="200"}`) {
		t.Errorf("ops /metrics: %d\n%.1000s", r.Status, r.Body)
	}
	if r := app.opsGet("/debug/pprof/"); r.Status != http.StatusOK || !strings.Contains(string(r.Body), "goroutine") {
		t.Errorf("ops /debug/pprof/: %d %.300s", r.Status, r.Body)
	}
	if r := app.opsGet("/debug/pprof/heap?debug=1"); r.Status != http.StatusOK || !strings.Contains(string(r.Body), "heap profile") {
		t.Errorf("ops heap profile: %d %.300s", r.Status, r.Body)
	}
	if r := app.opsGet("/api/v1/catalogue/items"); r.Status != http.StatusNotFound {
		t.Errorf("the ops handler serves the API: %d", r.Status)
	}
}
