package domain

import (
	"context"
	"fmt"
	"time"
)

// AuditCheckpointEvery is how often the head of the audit chain is signed.
// A checkpoint is also made at the first run of each new day (platform
// time), so every day ends pinned even when the job was held up.
const AuditCheckpointEvery = 10 * time.Minute

// AuditCheckpoint pins the head of the audit chain: position, hash and
// time, signed with the platform key. Someone who saved it can later prove
// that the chain still contains that head: deleting the newest rows, or
// rewriting them and recomputing their hashes, no longer matches it.
type AuditCheckpoint struct {
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	KeyID     string    `json:"key_id"`
	Signature string    `json:"signature"`
}

// SignedMessage is the exact text the signature covers.
func (c *AuditCheckpoint) SignedMessage() []byte {
	return fmt.Appendf(nil, "marketplace audit checkpoint v1\nseq=%d\nhash=%s\nat=%s\n", c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339Nano))
}

// AuditCheckpointStore persists checkpoints.
type AuditCheckpointStore interface {
	CreateAuditCheckpoint(ctx context.Context, c *AuditCheckpoint) error
	// LastAuditCheckpoint returns the newest checkpoint, or nil.
	LastAuditCheckpoint(ctx context.Context) (*AuditCheckpoint, error)
	// FindAuditCheckpoints pages checkpoints, newest first.
	FindAuditCheckpoints(ctx context.Context, p Page) ([]*AuditCheckpoint, int, error)
	// FindSealedAuditBySeq returns the sealed row at seq, or ENOTFOUND.
	FindSealedAuditBySeq(ctx context.Context, seq int64) (*AuditEntry, error)
}

// AuditLink is one position of the chain without its content: what a
// verifier compares a saved checkpoint with.
type AuditLink struct {
	Seq      int64  `json:"seq"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// AuditPublicKey is the platform key's public half.
type AuditPublicKey struct {
	Algorithm string `json:"algorithm"`
	PublicKey string `json:"public_key"`
	KeyID     string `json:"key_id"`
}

// ErrNoSigningKey answers the key and checkpoint reads when none is configured.
var ErrNoSigningKey = &Error{Code: ENOTFOUND, Reason: "no_signing_key", Message: "This platform has no signing key configured."}

// AuditCheckpointJob seals what is pending and signs the chain's head when
// a checkpoint is due: AuditCheckpointEvery after the last one, or on a
// new day. It needs the chain's lock; when the sealer holds it the next
// run tries again.
func (m *Marketplace) AuditCheckpointJob(ctx context.Context, s Store, now time.Time) (int, error) {
	if m.Signer == nil {
		return 0, nil
	}
	last, err := s.LastAuditCheckpoint(ctx)
	if err != nil {
		return 0, err
	}
	if last != nil && now.Sub(last.At) < AuditCheckpointEvery && sameDay(last.At, now) {
		return 0, nil
	}
	if ok, err := s.TryLock(ctx, auditChainLock); err != nil || !ok {
		return 0, err
	}
	if _, err := sealAudit(ctx, s, 5000); err != nil {
		return 0, err
	}
	head, err := s.LastSealedAudit(ctx)
	if err != nil || head == nil {
		return 0, err
	}
	c := &AuditCheckpoint{Seq: *head.Seq, Hash: head.Hash, At: now.UTC(), KeyID: m.Signer.KeyID()}
	c.Signature = m.Signer.Sign(c.SignedMessage())
	if err := s.CreateAuditCheckpoint(ctx, c); err != nil {
		return 0, err
	}
	return 1, nil
}

func sameDay(a, b time.Time) bool {
	return a.In(PlatformZone).Format(DateLayout) == b.In(PlatformZone).Format(DateLayout)
}

// AuditPublicKey returns the key checkpoints are signed with.
func (m *Marketplace) AuditPublicKey() (*AuditPublicKey, error) {
	if m.Signer == nil {
		return nil, ErrNoSigningKey
	}
	return &AuditPublicKey{Algorithm: "ed25519", PublicKey: m.Signer.PublicKey(), KeyID: m.Signer.KeyID()}, nil
}

// ListAuditCheckpoints pages the published checkpoints, newest first (public).
func (m *Marketplace) ListAuditCheckpoints(ctx context.Context, p Page) (List[*AuditCheckpoint], error) {
	if err := p.Normalize(); err != nil {
		return List[*AuditCheckpoint]{}, err
	}
	items, total, err := m.Store.FindAuditCheckpoints(ctx, p)
	if err != nil {
		return List[*AuditCheckpoint]{}, err
	}
	return NewList(items, total, p), nil
}

// AuditLinkAt returns the chain's hash at seq (public: hashes reveal nothing).
func (m *Marketplace) AuditLinkAt(ctx context.Context, seq int64) (*AuditLink, error) {
	if seq < 1 {
		return nil, FieldError("seq", "seq_range", "seq starts at 1.")
	}
	e, err := m.Store.FindSealedAuditBySeq(ctx, seq)
	if err != nil {
		return nil, err
	}
	return &AuditLink{Seq: *e.Seq, PrevHash: e.PrevHash, Hash: e.Hash}, nil
}

// checkLatestCheckpoint compares the newest stored checkpoint with the
// chain whose head is headSeq: it is the database's own copy, so it
// catches a careless cut; saved copies (verify-audit) catch the rest.
func (m *Marketplace) checkLatestCheckpoint(ctx context.Context, v *AuditVerification) error {
	c, err := m.Store.LastAuditCheckpoint(ctx)
	if err != nil || c == nil {
		return err
	}
	var reason *Text
	at := c.At.Format(time.RFC3339)
	if c.Seq > v.HeadSeq {
		t := T(TextAuditCheckpointBeyond, "Seq", c.Seq, "At", at, "Head", v.HeadSeq)
		reason = &t
	} else if e, err := m.Store.FindSealedAuditBySeq(ctx, c.Seq); err != nil {
		return err
	} else if e.Hash != c.Hash {
		t := T(TextAuditCheckpointRewritten, "Seq", c.Seq, "At", at)
		reason = &t
	}
	if reason != nil {
		seq := c.Seq
		v.OK, v.BrokenAt = false, &seq
		v.setReason(*reason)
	}
	return nil
}
