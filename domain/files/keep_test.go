package files_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"testing"

	"marketplace/domain/files"
)

// removals is a Storage that records what it was asked to remove.
type removals struct{ removed []string }

func (r *removals) Stage(context.Context, io.Reader, int64) (files.Staged, error) { return nil, nil }
func (r *removals) Open(context.Context, string) (io.ReadCloser, error)           { return nil, nil }
func (r *removals) Remove(_ context.Context, sha string) error {
	r.removed = append(r.removed, sha)
	return nil
}

// keeper is a staged file whose Keep reports created.
type keeper struct{ created bool }

func (k keeper) Keep() (bool, error) { return k.created, nil }

// TestKeepLast: a file keep created is removed when the transaction then
// fails, and only then; one that was already there (created false) stays,
// as does every file of a transaction that commits; a nil file is no
// upload.
func TestKeepLast(t *testing.T) {
	ctx := context.Background()
	commitFailed := errors.New("commit failed")
	for _, c := range []struct {
		name    string
		f       files.Keeper
		txErr   error
		removed []string
	}{
		{"created, then the commit fails", keeper{created: true}, commitFailed, []string{"aa"}},
		{"already there, then the commit fails", keeper{created: false}, commitFailed, nil},
		{"created, committed", keeper{created: true}, nil, nil},
		{"no upload, the commit fails", nil, commitFailed, nil},
	} {
		st := &removals{}
		err := files.KeepLast(ctx, st, func(keep func(files.Keeper, string) error) error {
			if err := keep(c.f, "aa"); err != nil {
				return err
			}
			return c.txErr
		})
		if err != c.txErr || !slices.Equal(st.removed, c.removed) {
			t.Errorf("%s: %v, removed %v; want %v, removed %v", c.name, err, st.removed, c.txErr, c.removed)
		}
	}
}
