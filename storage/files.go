package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"marketplace/domain"
	"marketplace/domain/files"
)

// Files implements domain.Files on a local directory: each document lives at
// Dir/<first two hex digits>/<sha256>, written once and never modified.
// Uploads are staged in Dir/tmp (same file system, so that keeping one is
// an atomic link, never a copy).
type Files struct {
	Dir string
}

// NewFiles prepares dir (and its staging folder) for uploads.
func NewFiles(dir string) (*Files, error) {
	if dir == "" {
		return nil, errors.New("storage: upload directory not set")
	}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("storage: create upload directory: %w", err)
	}
	return &Files{Dir: dir}, nil
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (f *Files) path(sum string) string { return filepath.Join(f.Dir, sum[:2], sum) }

// headSize is how many leading bytes are kept for content sniffing.
const headSize = 512

// Stage implements domain.Files.
func (f *Files) Stage(ctx context.Context, r io.Reader, limit int64) (files.Staged, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Join(f.Dir, "tmp"), "upload-*")
	if err != nil {
		return nil, fmt.Errorf("storage: stage upload: %w", err)
	}
	st := &stagedFile{files: f, tmp: tmp.Name()}
	h := sha256.New()
	head := &headBuffer{}
	n, err := io.Copy(io.MultiWriter(tmp, h, head), io.LimitReader(r, limit+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		st.Discard()
		var de *domain.Error
		if errors.As(err, &de) {
			return nil, de
		}
		return nil, fmt.Errorf("storage: stage upload: %w", err)
	}
	st.sum, st.size, st.head = hex.EncodeToString(h.Sum(nil)), n, head.b
	return st, nil
}

// Open implements domain.Files.
func (f *Files) Open(ctx context.Context, sum string) (io.ReadCloser, error) {
	if !sha256Pattern.MatchString(sum) {
		return nil, fmt.Errorf("storage: open file: bad sha256 %q", sum)
	}
	rc, err := os.Open(f.path(sum))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("storage: open file %s: %w", sum, errors.Join(files.ErrStoredFileMissing, err))
	case err != nil:
		return nil, fmt.Errorf("storage: open file %s: %w", sum, errors.Join(files.ErrFileStorageUnavailable, err))
	}
	return rc, nil
}

// Remove implements domain.Files.
func (f *Files) Remove(ctx context.Context, sum string) error {
	if !sha256Pattern.MatchString(sum) {
		return fmt.Errorf("storage: remove file: bad sha256 %q", sum)
	}
	if err := os.Remove(f.path(sum)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: remove file %s: %w", sum, err)
	}
	return nil
}

type stagedFile struct {
	files *Files
	tmp   string
	sum   string
	size  int64
	head  []byte
	done  bool
}

func (s *stagedFile) SHA256() string { return s.sum }
func (s *stagedFile) Size() int64    { return s.size }
func (s *stagedFile) Head() []byte   { return s.head }

// Keep links the staged file to its content address. A hard link fails
// when the name exists, so an identical file kept concurrently is never
// overwritten and the caller learns it did not create it.
func (s *stagedFile) Keep() (bool, error) {
	if s.done {
		return false, errors.New("storage: staged file already kept or discarded")
	}
	dst := s.files.path(s.sum)
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return false, fmt.Errorf("storage: keep file: %w", err)
	}
	created := true
	if err := os.Link(s.tmp, dst); errors.Is(err, fs.ErrExist) {
		created = false
	} else if err != nil {
		return false, fmt.Errorf("storage: keep file: %w", err)
	}
	s.done = true
	if err := os.Remove(s.tmp); err != nil {
		return created, fmt.Errorf("storage: remove staged file: %w", err)
	}
	return created, nil
}

// Discard removes the staged file unless it was kept.
func (s *stagedFile) Discard() error {
	if s.done {
		return nil
	}
	s.done = true
	if err := os.Remove(s.tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("storage: discard staged file: %w", err)
	}
	return nil
}

// headBuffer keeps the first headSize bytes written to it.
type headBuffer struct{ b []byte }

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := headSize - len(h.b); room > 0 {
		if len(p) < room {
			room = len(p)
		}
		h.b = append(h.b, p[:room]...)
	}
	return len(p), nil
}
