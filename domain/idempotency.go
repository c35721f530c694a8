package domain

import (
	"context"
	"errors"
	"time"
)

// Idempotent retries (docs/reliability.md): a client whose request ended in
// a dropped connection or a 5xx sends it again with the same
// Idempotency-Key and gets the first answer instead of a second action.

// IdempotencyRetention is how long a key and its answer are kept.
const IdempotencyRetention = 24 * time.Hour

// MaxIdempotencyKeyLen is the longest key accepted (visible ASCII).
const MaxIdempotencyKeyLen = 128

// ErrIdempotencyKeyReused answers a key sent again with another request.
var ErrIdempotencyKeyReused = &Error{Code: EUNPROCESSABLE, Reason: "idempotency_key_reused",
	Message: "This Idempotency-Key was used for a different request; use a new key for a new request."}

// IdempotentRequest identifies a request: the account, its key and a hash
// of what it asks (method, path and body).
type IdempotentRequest struct {
	AccountID int64
	Key       string
	Hash      string
}

// StoredResponse is an answer as it is replayed.
type StoredResponse struct {
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// IdempotencyStore persists idempotency keys.
type IdempotencyStore interface {
	// InRequestTx runs fn in one transaction that everything fn does
	// through ctx joins (InTx becomes a savepoint of it).
	InRequestTx(ctx context.Context, fn func(ctx context.Context, s Store) error) error
	// ClaimIdempotencyKey inserts the key, waiting while another
	// transaction holds it uncommitted; a key older than expired is
	// replaced. It returns the stored request and answer when the key was
	// already taken (claimed false).
	ClaimIdempotencyKey(ctx context.Context, r IdempotentRequest, now, expired time.Time) (prevHash string, prev *StoredResponse, claimed bool, err error)
	// SaveIdempotentResponse stores the answer of a claimed key.
	SaveIdempotentResponse(ctx context.Context, r IdempotentRequest, resp *StoredResponse) error
	// DeleteIdempotencyKeys deletes keys created before t.
	DeleteIdempotencyKeys(ctx context.Context, before time.Time) (int, error)
}

// ValidIdempotencyKey checks a key: 1 to 128 visible ASCII characters.
func ValidIdempotencyKey(k string) error {
	if len(k) == 0 || len(k) > MaxIdempotencyKeyLen {
		return Errorf(EINVALID, "idempotency_key_invalid", "Idempotency-Key must be 1 to %d visible ASCII characters.", MaxIdempotencyKeyLen)
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x21 || k[i] > 0x7e {
			return Errorf(EINVALID, "idempotency_key_invalid", "Idempotency-Key must be 1 to %d visible ASCII characters.", MaxIdempotencyKeyLen)
		}
	}
	return nil
}

// errNotKept rolls back a request whose answer is not kept (a 5xx).
var errNotKept = errors.New("answer not kept")

// Idempotent runs act at most once per (account, key). act runs inside one
// transaction with the key, and its answer is stored in that transaction:
// either the action, the key and the answer all commit, or none does, so a
// committed action always has its stored answer. A repeat of the same
// request gets that answer (replayed); the same key with another request
// gets ErrIdempotencyKeyReused. A repeat sent while the first is still
// running waits for it (the key's row is locked until its commit) and then
// gets its answer, or acts itself if the first rolled back. An answer of
// 500 or more is not kept: the action is rolled back with it, and a retry
// acts afresh.
func (m *Marketplace) Idempotent(ctx context.Context, r IdempotentRequest, act func(ctx context.Context) (*StoredResponse, error)) (resp *StoredResponse, replayed bool, err error) {
	if err := ValidIdempotencyKey(r.Key); err != nil {
		return nil, false, err
	}
	err = m.Store.InRequestTx(ctx, func(ctx context.Context, s Store) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		prevHash, prev, claimed, err := s.ClaimIdempotencyKey(ctx, r, now, now.Add(-IdempotencyRetention))
		if err != nil {
			return err
		}
		if !claimed {
			if prevHash != r.Hash {
				return ErrIdempotencyKeyReused
			}
			resp, replayed = prev, true
			return nil
		}
		if resp, err = act(ctx); err != nil {
			return err
		}
		if resp.Status >= 500 {
			return errNotKept
		}
		return s.SaveIdempotentResponse(ctx, r, resp)
	})
	if errors.Is(err, errNotKept) {
		err = nil
	}
	return resp, replayed, err
}

// PruneIdempotencyKeysJob deletes keys past their retention.
func (m *Marketplace) PruneIdempotencyKeysJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return s.DeleteIdempotencyKeys(ctx, now.Add(-IdempotencyRetention))
}
