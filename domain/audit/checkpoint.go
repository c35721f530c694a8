package audit

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// CheckpointEvery is how often the head of the audit chain is signed.
// A checkpoint is also made at the first run of each new day (platform
// time), so every day ends pinned even when the job was held up.
const CheckpointEvery = 10 * time.Minute

// Checkpoint pins the head of the audit chain: position, hash and
// time, signed with the platform key. Someone who saved it can later prove
// that the chain still contains that head: deleting the newest rows, or
// rewriting them and recomputing their hashes, no longer matches it.
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
}

// SignedMessage is the exact text the signature covers.
func (c *Checkpoint) SignedMessage() []byte {
	return fmt.Appendf(nil, "marketplace audit checkpoint v1\nseq=%d\nhash=%s\nat=%s\n", c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339Nano))
}

// Link is one position of the chain without its content: what a
// verifier compares a saved checkpoint with.
type Link struct {
	Seq      int64  `json:"seq"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// PublicKey is the platform key's public half.
type PublicKey struct {
	Algorithm string `json:"algorithm"`
	PublicKey string `json:"public_key"`
	KeyID     string `json:"key_id"`
}

// ErrNoSigningKey answers the key and checkpoint reads when none is configured.
var ErrNoSigningKey = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "no_signing_key", Message: "This platform has no signing key configured."}

// CheckpointJob seals what is pending and signs the chain's head when
// a checkpoint is due: CheckpointEvery after the last one, or on a
// new day. It needs the chain's lock; when the sealer holds it the next
// run tries again.
func (sv *Service) CheckpointJob(ctx context.Context, s Tx, now time.Time) (int, error) {
	if sv.Signer == nil {
		return 0, nil
	}
	last, err := s.LastAuditCheckpoint(ctx)
	if err != nil {
		return 0, err
	}
	if last != nil && now.Sub(last.At) < CheckpointEvery && sameDay(last.At, now) {
		return 0, nil
	}
	if ok, err := s.TryLock(ctx, chainLock); err != nil || !ok {
		return 0, err
	}
	if _, err := seal(ctx, s, verifyBatch); err != nil {
		return 0, err
	}
	head, err := s.LastSealedAudit(ctx)
	if err != nil || head == nil {
		return 0, err
	}
	c := &Checkpoint{Seq: *head.Seq, Hash: head.Hash, At: now.UTC(), KeyID: sv.Signer.KeyID()}
	c.Signature = sv.Signer.Sign(c.SignedMessage())
	if err := s.CreateAuditCheckpoint(ctx, c); err != nil {
		return 0, err
	}
	return 1, nil
}

func sameDay(a, b time.Time) bool {
	return a.In(calendar.Beijing).Format(kernel.DateLayout) == b.In(calendar.Beijing).Format(kernel.DateLayout)
}

// PublicKeyOf returns the key checkpoints are signed with.
func (sv *Service) PublicKeyOf() (*PublicKey, error) {
	if sv.Signer == nil {
		return nil, ErrNoSigningKey
	}
	return &PublicKey{Algorithm: "ed25519", PublicKey: sv.Signer.PublicKey(), KeyID: sv.Signer.KeyID()}, nil
}

// ListCheckpoints pages the published checkpoints, newest first (public).
func (sv *Service) ListCheckpoints(ctx context.Context, p kernel.Page) (kernel.List[*Checkpoint], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*Checkpoint]{}, err
	}
	items, total, err := sv.Store.FindAuditCheckpoints(ctx, p)
	if err != nil {
		return kernel.List[*Checkpoint]{}, err
	}
	return kernel.NewList(items, total, p), nil
}

// LinkAt returns the chain's hash at seq (public: hashes reveal nothing).
func (sv *Service) LinkAt(ctx context.Context, seq int64) (*Link, error) {
	if seq < 1 {
		return nil, kernel.FieldError("seq", "seq_range", "seq starts at 1.")
	}
	e, err := sv.Store.FindSealedAuditBySeq(ctx, seq)
	if err != nil {
		return nil, err
	}
	return &Link{Seq: *e.Seq, PrevHash: e.PrevHash, Hash: e.Hash}, nil
}

// checkLatestCheckpoint compares the newest stored checkpoint with the
// chain whose head is headSeq: it is the database's own copy, so it
// catches a careless cut; saved copies (verify-audit) catch the rest.
func (sv *Service) checkLatestCheckpoint(ctx context.Context, v *Verification) error {
	c, err := sv.Store.LastAuditCheckpoint(ctx)
	if err != nil || c == nil {
		return err
	}
	var reason *kernel.Text
	at := c.At.Format(time.RFC3339)
	if c.Seq > v.HeadSeq {
		t := kernel.T(TextCheckpointBeyond, "Seq", c.Seq, "At", at, "Head", v.HeadSeq)
		reason = &t
	} else if e, err := sv.Store.FindSealedAuditBySeq(ctx, c.Seq); err != nil {
		return err
	} else if e.Hash != c.Hash {
		t := kernel.T(TextCheckpointRewritten, "Seq", c.Seq, "At", at)
		reason = &t
	}
	if reason != nil {
		seq := c.Seq
		v.OK, v.BrokenAt = false, &seq
		v.setReason(*reason)
	}
	return nil
}
