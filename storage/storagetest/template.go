package storagetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/migrations"
	"marketplace/storage"
)

// Migrating a database costs seconds; copying one with CREATE DATABASE …
// TEMPLATE costs a fraction of that. So the migrations run once into a
// template database and every test copies it. The template is named after
// a hash of the embedded migration files: every branch, worktree and package
// process with the same migrations shares one template, and a change to any
// migration file builds a new one (an old template is never reused for a
// different schema). Templates are kept between runs; they are small.

// templatePrefix starts the name of every template database.
const templatePrefix = "mk_tpl_"

// templateBuildTimeout bounds waiting for another process's build plus our own.
const templateBuildTimeout = 5 * time.Minute

var (
	templateOnce sync.Once
	templateDB   string
	templateErr  error
)

// TemplateName is the name of the template database for the embedded
// migrations.
func TemplateName() string {
	h := sha256.New()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		panic(err) // a constant pattern cannot be malformed
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			panic(err) // embedded files are always readable
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return templatePrefix + hex.EncodeToString(h.Sum(nil))[:16]
}

// migratedTemplate returns the name of the template database, building it
// the first time this process asks.
func migratedTemplate() (string, error) {
	templateOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), templateBuildTimeout)
		defer cancel()
		templateDB = TemplateName()
		templateErr = ensureTemplate(ctx, templateDB)
	})
	return templateDB, templateErr
}

// ensureTemplate builds the template unless it exists. Test packages run as
// concurrent processes: a session advisory lock makes one build while the
// others wait, then find it built. The build goes into a scratch database
// renamed only when complete, so a template by that name is always whole
// (a process killed mid-build leaves only scratch, dropped by the next).
func ensureTemplate(ctx context.Context, name string) error {
	admin, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		return fmt.Errorf("cannot reach PostgreSQL at %s: %w", ServerURL(), err)
	}
	defer admin.Close(context.WithoutCancel(ctx))
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(hashtext($1))", name); err != nil {
		return fmt.Errorf("lock template %s: %w", name, err)
	}
	defer admin.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtext($1))", name)
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("look for template %s: %w", name, err)
	}
	if exists {
		return nil
	}
	scratch := name + "_build"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+scratch+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop stale %s: %w", scratch, err)
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+scratch); err != nil {
		return fmt.Errorf("create %s: %w", scratch, err)
	}
	if err := migrate(ctx, databaseURL(scratch)); err != nil {
		return err
	}
	// CREATE DATABASE … TEMPLATE refuses while anyone is connected to the
	// template: end the pool's backends (closed, but perhaps not yet gone)
	// and, once renamed, refuse connections for good.
	if _, err := admin.Exec(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", scratch); err != nil {
		return fmt.Errorf("disconnect %s: %w", scratch, err)
	}
	for {
		_, err = admin.Exec(ctx, "ALTER DATABASE "+scratch+" RENAME TO "+name)
		if err == nil || ctx.Err() != nil {
			break
		}
		time.Sleep(50 * time.Millisecond) // a terminated backend is still leaving
	}
	if err != nil {
		return fmt.Errorf("rename %s: %w", scratch, err)
	}
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false"); err != nil {
		return fmt.Errorf("close template %s: %w", name, err)
	}
	return nil
}

// migrate applies every migration to the database at dsn.
func migrate(ctx context.Context, dsn string) error {
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("open template: %w", err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, nil); err != nil {
		return fmt.Errorf("migrate template: %w", err)
	}
	return nil
}
