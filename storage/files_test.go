package storage_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
