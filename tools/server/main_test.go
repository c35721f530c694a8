package server

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"marketplace/storage/storagetest"
)

// syncBuffer is an io.Writer the server logs to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// serve runs Serve with env over the defaults until the test ends and
// returns the running application.
func serve(t *testing.T, env map[string]string) *Main {
	t.Helper()
	for k, v := range env {
		t.Setenv(k, v)
	}
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	m := NewMain(cfg, &syncBuffer{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case <-m.Started():
	case err := <-done:
		t.Fatalf("serve ended before listening: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start within 60s")
	}
	return m
}

// Metrics and the profiler are served on METRICS_ADDR, not on the public
// listener, which answers 404 for them.
func TestServe_MetricsOnTheirOwnListener(t *testing.T) {
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	m := serve(t, map[string]string{"DATABASE_URL": dsn, "RUN_MIGRATIONS": "1", "DISABLE_SCHEDULER": "1", "SEED_DEMO": "",
		"HTTP_ADDR": "127.0.0.1:0", "METRICS_ADDR": "127.0.0.1:0", "UPLOAD_DIR": t.TempDir()})
	if m.MetricsAddr == "" || m.MetricsAddr == m.Addr {
		t.Fatalf("metrics address %q (public %q)", m.MetricsAddr, m.Addr)
	}
	if code, _ := get(t, "http://"+m.Addr+"/healthz"); code != http.StatusOK {
		t.Fatalf("public /healthz: %d", code)
	}
	for _, path := range []string{"/metrics", "/debug/pprof/"} {
		if code, body := get(t, "http://"+m.Addr+path); code != http.StatusNotFound || strings.Contains(body, "http_requests_total") {
			t.Errorf("public %s: %d", path, code)
		}
	}
	if code, body := get(t, "http://"+m.MetricsAddr+"/metrics"); code != http.StatusOK ||
		!strings.Contains(body, `http_requests_total{method="GET",route="/healthz",status="200"}`) || !strings.Contains(body, `go_sql_max_open_connections{db_name="marketplace"}`) ||
		!strings.Contains(body, "\nmarketplace_bid_transactions_waiting 0\n") {
		var lines []string
		for _, l := range strings.Split(body, "\n") {
			if strings.HasPrefix(l, "http_") || strings.HasPrefix(l, "go_sql") || strings.HasPrefix(l, "marketplace_") {
				lines = append(lines, l)
			}
		}
		t.Errorf("METRICS_ADDR /metrics: %d\n%s", code, strings.Join(lines, "\n"))
	}
	if code, body := get(t, "http://"+m.MetricsAddr+"/debug/pprof/goroutine?debug=1"); code != http.StatusOK || !strings.Contains(body, "goroutine profile") {
		t.Errorf("METRICS_ADDR pprof: %d %.200s", code, body)
	}
}

// The default metrics address is loopback; an empty METRICS_ADDR turns the
// listener off and a malformed one is refused.
func TestConfig_MetricsAddr(t *testing.T) {
	t.Setenv("METRICS_ADDR", "")
	if c, err := ConfigFromEnv(); err != nil || c.MetricsAddr != "" {
		t.Errorf("empty METRICS_ADDR: %q %v", c.MetricsAddr, err)
	}
	t.Setenv("METRICS_ADDR", "9090")
	if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), "METRICS_ADDR") {
		t.Errorf("malformed METRICS_ADDR accepted: %v", err)
	}
	if got := DefaultConfig().MetricsAddr; got != "127.0.0.1:9090" {
		t.Errorf("default METRICS_ADDR %q, want loopback 127.0.0.1:9090", got)
	}
}
