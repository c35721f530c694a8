package storage_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/storage"
)

func TestFiles_StageKeepDiscard(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	files, err := storage.NewFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	entries := func() int {
		n := 0
		filepath.WalkDir(dir, func(_ string, d os.DirEntry, _ error) error {
			if d != nil && d.Type().IsRegular() {
				n++
			}
			return nil
		})
		return n
	}
	doc := []byte("%PDF-1.4 test document")

	t.Run("discarded upload leaves nothing", func(t *testing.T) {
		st, err := files.Stage(ctx, bytes.NewReader(doc), 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		if entries() != 1 {
			t.Errorf("staged file not on disk")
		}
		st.Discard()
		if n := entries(); n != 0 {
			t.Errorf("%d files after Discard", n)
		}
	})

	t.Run("limit: reads at most limit+1 bytes", func(t *testing.T) {
		st, err := files.Stage(ctx, strings.NewReader(strings.Repeat("x", 100)), 10)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Discard()
		if st.Size() != 11 {
			t.Errorf("Size = %d, want 11", st.Size())
		}
	})

	t.Run("kept once per content; readable; removable", func(t *testing.T) {
		a, _ := files.Stage(ctx, bytes.NewReader(doc), 1<<20)
		b, _ := files.Stage(ctx, bytes.NewReader(doc), 1<<20)
		if a.SHA256() != b.SHA256() || len(a.SHA256()) != 64 || !bytes.Equal(a.Head(), doc) {
			t.Fatalf("sha256 %s / %s head %q", a.SHA256(), b.SHA256(), a.Head())
		}
		if created, err := a.Keep(); err != nil || !created {
			t.Errorf("first Keep: %v %v", created, err)
		}
		if created, err := b.Keep(); err != nil || created {
			t.Errorf("second Keep: %v %v", created, err)
		}
		a.Discard() // no-op after Keep
		if n := entries(); n != 1 {
			t.Errorf("%d files, want 1", n)
		}
		rc, err := files.Open(ctx, a.SHA256())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(got, doc) {
			t.Errorf("read back %q", got)
		}
		if err := files.Remove(ctx, a.SHA256()); err != nil || entries() != 0 {
			t.Errorf("Remove: %v, %d files left", err, entries())
		}
		if _, err := files.Open(ctx, "../../etc/passwd"); err == nil {
			t.Error("Open accepted a path")
		}
	})
}

// A kept file that is gone reads as a missing document (404), and a
// storage that cannot be read as an outage (503): never an internal error.
func TestFiles_OpenMissingOrUnreadable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := storage.NewFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum := strings.Repeat("ab", 32)
	if _, err := store.Open(ctx, sum); domain.ErrorCode(err) != domain.ENOTFOUND || !errors.Is(err, files.ErrStoredFileMissing) {
		t.Errorf("missing file: %v (code %s)", err, domain.ErrorCode(err))
	}
	// the directory of the file's prefix is a regular file: the storage is broken
	if err := os.WriteFile(filepath.Join(dir, sum[:2]), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(ctx, sum); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("unreadable storage: %v (code %s)", err, domain.ErrorCode(err))
	}
}
