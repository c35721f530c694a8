// Package storagetest gives tests a fresh, migrated PostgreSQL database.
// Tests never mock the database: each test gets its own database on the
// server named by TEST_DATABASE_URL (default: the local server), a copy of a
// migrated template (template.go), dropped at the test's cleanup.
package storagetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/storage"
)

// DefaultServerURL is used when TEST_DATABASE_URL is not set.
const DefaultServerURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerURL returns the URL of the server tests create databases on.
func ServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultServerURL
}

// CreateDatabase creates a new empty database and returns its URL and a
// function that drops it (for tests of migrations and of starting up on an
// empty database).
func CreateDatabase(tb testing.TB) (string, func()) {
	tb.Helper()
	return createDatabase(tb, "")
}

// createDatabase creates a database, a copy of template when it is not
// empty. Commits in it do not wait for the disk (synchronous_commit off):
// a test never survives a server crash, and waiting for fsync on every
// commit is most of a small test's time.
func createDatabase(tb testing.TB, template string) (string, func()) {
	tb.Helper()
	// Generous: a busy server queues CREATE DATABASE behind checkpoints.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		tb.Fatalf("cannot reach PostgreSQL at %s: %v\nStart it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n(or set TEST_DATABASE_URL to a server where the user may CREATE DATABASE)", ServerURL(), err)
	}
	defer admin.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "mk_test_" + hex.EncodeToString(b)
	create := "CREATE DATABASE " + name
	if template != "" {
		create += " TEMPLATE " + template
	}
	if _, err := admin.Exec(ctx, create); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" SET synchronous_commit = off"); err != nil {
		tb.Fatalf("configure test database: %v", err)
	}
	drop := func() { dropLater(name) }
	return databaseURL(name), drop
}

// databaseURL is the URL of database name on the test server.
func databaseURL(name string) string {
	u, err := url.Parse(ServerURL())
	if err != nil {
		panic(fmt.Sprintf("parse TEST_DATABASE_URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

// migratedDatabase creates a database with every migration applied, copied
// from the template (template.go).
func migratedDatabase(tb testing.TB) (string, func()) {
	tb.Helper()
	template, err := migratedTemplate()
	if err != nil {
		tb.Fatalf("template database: %v", err)
	}
	return createDatabase(tb, template)
}

// MustOpen returns a migrated database of its own for the calling test.
// Each call creates a new database; it is dropped at the test's cleanup.
func MustOpen(tb testing.TB) *storage.DB {
	tb.Helper()
	dsn, drop := migratedDatabase(tb)
	db, err := storage.Open(context.Background(), dsn)
	if err != nil {
		drop()
		tb.Fatalf("open test database: %v", err)
	}
	Cleanup(tb, func() {
		db.Close()
		drop()
	})
	return db
}

// Cleanup registers f as tb.Cleanup does, and lets go of f once it has run.
// The testing package keeps every finished test reachable until the whole
// package has run, and with it the cleanup functions it registered (their
// slice is shortened, not cleared): a cleanup closing over a server or a
// database kept a whole application alive per finished test, and the api
// package's RSS grew to 8.8 GB, 17.8 GB under -race (2026-12-06).
func Cleanup(tb testing.TB, f func()) {
	held := &f
	tb.Cleanup(func() {
		run := *held
		*held = nil
		run()
	})
}

// DSN returns a URL for a fresh migrated database that the caller's test
// owns (for tests that start the whole application from a URL).
func DSN(tb testing.TB) string {
	tb.Helper()
	dsn, drop := migratedDatabase(tb)
	Cleanup(tb, drop)
	return dsn
}

// Exec runs SQL directly, behind the application's back (tamper tests).
func Exec(tb testing.TB, dsn, sql string, args ...any) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		tb.Fatalf("exec %s: %v", strings.SplitN(sql, "\n", 2)[0], err)
	}
}

// FastHasher is a cheap password hasher for tests that create many accounts;
// it is still argon2id, with minimal cost parameters.
var FastHasher = storage.Argon2id{Memory: 64, Time: 1, Threads: 1}
