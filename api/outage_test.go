package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// lockedBuffer is a log sink the server goroutines and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := strings.TrimSpace(b.buf.String())
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func (b *lockedBuffer) reset() {
	b.mu.Lock()
	b.buf.Reset()
	b.mu.Unlock()
}

// freePort returns a loopback port nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}

// privateCluster starts a PostgreSQL of the test's own, which it may stop.
func privateCluster(t *testing.T) *storage.LocalCluster {
	t.Helper()
	// Under /tmp and not yet existing, so that the postgres user can own it
	// when the tests run as root.
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("mk-outage-%d-%s", os.Getpid(), freePort(t)))
	lc := &storage.LocalCluster{Dir: dir, Port: freePort(t)}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := lc.Start(ctx); err != nil {
		t.Fatalf("start a private PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		lc.Stop(context.Background())
		os.RemoveAll(lc.Dir)
	})
	return lc
}

// While the database is down every request is answered 503 with
// Retry-After (a Chinese maintenance page for pages), the log gets one line
// for the outage and one for the recovery with the count of refused
// requests, and requests succeed again once the database is back.
func TestOutage_AnsweredAs503(t *testing.T) {
	t.Parallel()
	lc := privateCluster(t)
	ctx := context.Background()
	db, err := storage.Open(ctx, lc.URL())
	if err != nil {
		t.Fatal(err)
	}
	storagetest.Cleanup(t, func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	s := &api.Server{Market: m, Site: portal(t, m), Log: slog.New(slog.NewJSONHandler(logs, nil)), Version: "test",
		Ping: func(ctx context.Context) error { return db.SQL().PingContext(ctx) }}
	srv := httptest.NewServer(s.Handler())
	storagetest.Cleanup(t, srv.Close)
	app := &testApp{t: t, DB: db, Market: m, URL: srv.URL, Server: s}
	openAPIRouter(t)
	_, token := app.register("enterprise", "某某建设有限公司")

	get := func(path string, withToken bool) (int, http.Header, string) {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if withToken {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, string(b)
	}
	if st, _, body := get("/api/v1/auth/me", true); st != http.StatusOK {
		t.Fatalf("before the outage: %d %s", st, body)
	}

	logs.reset()
	if err := lc.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	const rounds = 10
	refused := 0
	for i := 0; i < rounds; i++ {
		for _, c := range []struct {
			path  string
			token bool
			page  bool
		}{{"/api/v1/projects", false, false}, {"/api/v1/auth/me", true, false}, {"/", false, true}, {"/projects", false, true}} {
			st, h, body := get(c.path, c.token)
			refused++
			if st != http.StatusServiceUnavailable {
				t.Fatalf("GET %s during the outage: %d %.300s\n%s", c.path, st, body, strings.Join(logs.lines(), "\n"))
			}
			if got := h.Get("Retry-After"); got != "2" {
				t.Errorf("GET %s: Retry-After %q, want 2", c.path, got)
			}
			if c.page {
				if !strings.Contains(body, "系统维护中，请稍后再试") {
					t.Errorf("GET %s: no maintenance text in %.300s", c.path, body)
				}
				continue
			}
			var e struct{ Error struct{ Code string } }
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code != "service_unavailable" {
				t.Errorf("GET %s: body %s, want error code service_unavailable", c.path, body)
			}
		}
	}
	if n := len(logs.lines()); n != 1 {
		t.Fatalf("%d log lines during the outage, want 1:\n%s", n, strings.Join(logs.lines(), "\n"))
	}

	if err := lc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for len(logs.lines()) < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	lines := logs.lines()
	if len(lines) != 2 {
		t.Fatalf("%d log lines after the database returned, want 2:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	var down, up struct {
		Level, Msg string
		Refused    int `json:"refused_requests"`
	}
	json.Unmarshal([]byte(lines[0]), &down)
	json.Unmarshal([]byte(lines[1]), &up)
	if down.Level != "ERROR" || !strings.Contains(down.Msg, "unreachable") {
		t.Errorf("first line %s, want an ERROR saying the database is unreachable", lines[0])
	}
	if !strings.Contains(up.Msg, "reachable again") || up.Refused != refused {
		t.Errorf("second line %s, want the recovery with refused_requests=%s", lines[1], strconv.Itoa(refused))
	}
	if st, _, body := get("/api/v1/auth/me", true); st != http.StatusOK {
		t.Fatalf("after the outage: %d %s", st, body)
	}
}
