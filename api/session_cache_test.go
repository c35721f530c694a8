package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// cachedReplica serves a marketplace over the database at dsn with a
// session cache of its own, as a server replica does.
func cachedReplica(t *testing.T, dsn string) *testApp {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	l, err := db.ListenSessions(ctx, log)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	s := &api.Server{Market: m, Log: log, Version: "test", Site: portal(t, m)}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		l.Close()
		db.Close()
	})
	return &testApp{t: t, DB: db, Market: m, Jobs: jobs.New(m, log, 1e9), URL: srv.URL, Server: s}
}

// eventually polls cond every 10 ms until it holds or 10 s have passed.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within 10 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A session lookup is answered from memory on a replica, and a logout on
// another replica reaches it through the database's notification: the
// token is refused there without a restart.
func TestSessions_LogoutReachesOtherReplica(t *testing.T) {
	t.Parallel()
	dsn := storagetest.DSN(t)
	app1, app2 := cachedReplica(t, dsn), cachedReplica(t, dsn)
	_, tok := app1.register("enterprise", "武汉某制造有限公司")
	_, other := app1.register("enterprise", "黄石某制造有限公司")

	// The registrations' notifications may still be on their way: a lookup
	// that overlaps one of its account's is not kept.
	cached := func(token string) bool {
		h := app2.DB.CachedSessionHits()
		if r := app2.do("GET", "/api/v1/auth/me", token, nil); r.Status != 200 {
			t.Fatalf("me on replica 2: %d %s", r.Status, r.Body)
		}
		return app2.DB.CachedSessionHits() == h+1
	}
	eventually(t, "replica 2 answers from memory", func() bool { return cached(tok) })
	eventually(t, "replica 2 answers the other from memory", func() bool { return cached(other) })
	if !cached(tok) {
		t.Fatal("a cached session was looked up again")
	}
	before := app2.DB.Statements()
	if r := app2.do("GET", "/api/v1/auth/me", tok, nil); r.Status != 200 {
		t.Fatalf("me: %d %s", r.Status, r.Body)
	}
	if n := app2.DB.Statements() - before; n != 1 { // the account, not the session
		t.Errorf("a cached request sent %d statements, want 1", n)
	}

	if r := app1.do("POST", "/api/v1/auth/logout", tok, nil); r.Status/100 != 2 {
		t.Fatalf("logout: %d %s", r.Status, r.Body)
	}
	// The replica that logged out refuses the token at once.
	if r := app1.do("GET", "/api/v1/auth/me", tok, nil); r.Status != 401 {
		t.Fatalf("after logout on replica 1: %d %s", r.Status, r.Body)
	}
	eventually(t, "replica 2 refuses the token", func() bool {
		return app2.do("GET", "/api/v1/auth/me", tok, nil).Status == 401
	})
	// Another account's session is untouched.
	if r := app2.do("GET", "/api/v1/auth/me", other, nil); r.Status != 200 {
		t.Fatalf("other after the logout: %d %s", r.Status, r.Body)
	}
}

// A new commitment text published on one replica makes a session cached on
// another pending there; accepting it on that replica lets the account's
// next request through at once.
func TestSessions_NewCommitmentReachesOtherReplica(t *testing.T) {
	t.Parallel()
	dsn := storagetest.DSN(t)
	app1, app2 := cachedReplica(t, dsn), cachedReplica(t, dsn)
	_, admin := app1.staff("admin", "平台管理员")
	_, tok := app1.register("enterprise", "武汉某制造有限公司")
	// An empty draft is refused by validation, not by the commitment guard.
	pending := func(app *testApp) bool {
		r := app.do("POST", "/api/v1/projects", tok, map[string]any{})
		if r.Status == 201 || r.Status/100 == 5 {
			t.Fatalf("draft: %d %s", r.Status, r.Body)
		}
		return strings.Contains(string(r.Body), "commitment_required")
	}
	// The registration's own change notice may arrive after the first
	// lookup and drop it from the cache; repeat until a lookup is served
	// from memory.
	eventually(t, "replica 2 serves the session from its cache", func() bool {
		if pending(app2) {
			t.Fatal("pending before a new commitment text")
		}
		return app2.DB.CachedSessionHits() > 0
	})
	text := publishCommitment(t, app1, admin, "registration", "本单位郑重承诺：第二版承诺文本，所提交的材料真实、准确、完整、有效。")
	eventually(t, "replica 2 sees the account pending", func() bool { return pending(app2) })
	if r := app2.do("POST", fmt.Sprintf("/api/v1/commitments/%d/accept", text.ID), tok, nil); r.Status/100 != 2 {
		t.Fatalf("accept: %d %s", r.Status, r.Body)
	}
	if pending(app2) {
		t.Error("still pending on the replica that accepted")
	}
	eventually(t, "replica 1 sees the acceptance", func() bool { return !pending(app1) })
}
