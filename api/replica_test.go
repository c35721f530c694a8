package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// Public reads go to a real streaming replica (pg_basebackup -R of a
// private primary); an account that has just written reads its own writes
// from the primary; when the replica stops, reads fall back to the primary
// and a metric counts them.
func TestReadReplica_RoutingReadYourWritesAndFallback(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	primary := privateCluster(t)
	standby := &storage.LocalCluster{Dir: filepath.Join(os.TempDir(), fmt.Sprintf("mk-standby-%d-%s", os.Getpid(), freePort(t))), Port: freePort(t)}
	db, err := storage.Open(ctx, primary.URL())
	if err != nil {
		t.Fatal(err)
	}
	storagetest.Cleanup(t, func() { db.Close() })
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	startCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := standby.StartStandbyOf(startCtx, primary); err != nil {
		t.Fatalf("start the standby: %v", err)
	}
	t.Cleanup(func() {
		standby.Stop(context.Background())
		os.RemoveAll(standby.Dir)
	})
	// A generous lag bound: replay is paused below, and the routing must
	// not depend on how long the test has run.
	if err := db.UseReadReplicas(ctx, storage.ReplicaOptions{URLs: []string{standby.URL()}, MaxLag: time.Minute}); err != nil {
		t.Fatal(err)
	}
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.DefaultPeriods())
	s := &api.Server{Market: m, Site: portal(t, m), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Version: "test", ReadYourWrites: time.Hour}
	srv := httptest.NewServer(s.Handler())
	storagetest.Cleanup(t, srv.Close)
	app := &testApp{t: t, DB: db, Market: m, URL: srv.URL, Server: s}
	openAPIRouter(t)

	listed := func(token, name string) bool {
		r := app.do("GET", "/api/v1/agencies?per_page=100", token, nil)
		if r.Status != 200 {
			t.Fatalf("directory: %d %s", r.Status, r.Body)
		}
		return bytes.Contains(r.Body, []byte(name))
	}
	// Search is a public read too (SPEC §11): the replica's documents, or
	// the primary's after the account's own write or without a replica.
	found := func(token, name string) bool {
		r := app.do("GET", "/api/v1/search?"+url.Values{"type": {"agency"}, "q": {name}}.Encode(), token, nil)
		if r.Status != 200 {
			t.Fatalf("search: %d %s", r.Status, r.Body)
		}
		return bytes.Contains(r.Body, []byte(name))
	}
	await := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting until %s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	app.register("agency", "先到咨询有限公司")
	await("the replica has replayed the first agency", func() bool { return listed("", "先到咨询有限公司") })

	sb, err := pgx.Connect(ctx, standby.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close(ctx)
	if _, err := sb.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}
	_, token := app.register("agency", "后到咨询有限公司")

	t.Logf("healthy replicas: %d", db.ReplicasHealthy())
	t.Run("public reads come from the replica", func(t *testing.T) {
		if listed("", "后到咨询有限公司") {
			t.Error("an anonymous directory read saw a row the paused replica lacks: it was not served by the replica")
		}
		if !found("", "先到咨询有限公司") || found("", "后到咨询有限公司") {
			t.Error("an anonymous search did not read the paused replica's documents")
		}
	})
	t.Run("an account reads its own writes", func(t *testing.T) {
		if r := app.do("PATCH", "/api/v1/agencies/me", token, map[string]any{"description": "工程咨询"}); r.Status != 200 {
			t.Fatalf("profile update: %d %s", r.Status, r.Body)
		}
		if !listed(token, "后到咨询有限公司") {
			t.Error("right after its write the agency's directory read came from the replica, which lacks it")
		}
		if !found(token, "后到咨询有限公司") {
			t.Error("right after its write the agency's search came from the replica, which lacks it")
		}
		if listed("", "后到咨询有限公司") {
			t.Error("another reader's public read left the replica")
		}
	})
	t.Run("a stopped replica falls back to the primary", func(t *testing.T) {
		fallback := metric(t, db, "marketplace_read_replica_fallback_total")
		before := testutil.ToFloat64(fallback)
		sb.Close(ctx)
		if err := standby.Stop(ctx); err != nil {
			t.Fatal(err)
		}
		await("the replica is out of service", func() bool { return db.ReplicasHealthy() == 0 })
		if !listed("", "后到咨询有限公司") {
			t.Error("with the replica down the public read did not come from the primary")
		}
		if !found("", "后到咨询有限公司") {
			t.Error("with the replica down the public search did not come from the primary")
		}
		if after := testutil.ToFloat64(fallback); after <= before {
			t.Errorf("fallback reads counted %v, then %v; want an increase", before, after)
		}
	})
}

// metric finds one of the store's replica collectors by name.
func metric(t *testing.T, db *storage.DB, name string) prometheus.Collector {
	t.Helper()
	for _, c := range db.ReplicaCollectors() {
		ch := make(chan *prometheus.Desc, 4)
		c.Describe(ch)
		close(ch)
		for d := range ch {
			if bytes.Contains([]byte(d.String()), []byte(`"`+name+`"`)) {
				return c
			}
		}
	}
	t.Fatalf("no collector %s", name)
	return nil
}
