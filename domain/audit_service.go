package domain

import (
	"context"
	"time"
)

// auditChainLock is the advisory-lock key of the sealer.
const auditChainLock = "audit.seal"

// SealAudit links committed, unsealed audit rows onto the hash chain, at
// most limit of them, and returns how many it sealed. Only one sealer runs at
// a time (advisory lock); a concurrent call returns 0.
func (m *Marketplace) SealAudit(ctx context.Context, limit int) (int, error) {
	n := 0
	err := m.Store.InTx(ctx, func(s Store) error {
		ok, err := s.TryLock(ctx, auditChainLock)
		if err != nil || !ok {
			return err
		}
		n, err = sealAudit(ctx, s, limit)
		return err
	})
	return n, err
}

// sealAudit chains up to limit unsealed rows; the caller holds the lock.
func sealAudit(ctx context.Context, s Store, limit int) (int, error) {
	head, err := s.LastSealedAudit(ctx)
	if err != nil {
		return 0, err
	}
	prev, seq := GenesisHash, int64(0)
	if head != nil {
		prev, seq = head.Hash, *head.Seq
	}
	rows, err := s.FindUnsealedAudit(ctx, limit)
	if err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, nil
	}
	seals := make([]AuditSeal, len(rows))
	for i, e := range rows {
		seq++
		h := ChainHash(prev, seq, e.ContentHash())
		seals[i] = AuditSeal{ID: e.ID, Seq: seq, PrevHash: prev, Hash: h}
		prev = h
	}
	if err := s.SealAudit(ctx, seals); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// AuditSeal is one audit row's place on the hash chain.
type AuditSeal struct {
	ID, Seq        int64
	PrevHash, Hash string
}

// VerifyAudit seals what is pending, then walks the whole chain and reports
// the first row whose content or link does not match.
func (m *Marketplace) VerifyAudit(ctx context.Context) (*AuditVerification, error) {
	for {
		n, err := m.SealAudit(ctx, 5000)
		if err != nil {
			return nil, err
		}
		if n < 5000 {
			break
		}
	}
	v := &AuditVerification{OK: true, HeadHash: GenesisHash}
	prev, after := GenesisHash, int64(0)
	for {
		rows, err := m.Store.FindSealedAudit(ctx, after, 5000)
		if err != nil {
			return nil, err
		}
		for _, e := range rows {
			want := ChainHash(prev, *e.Seq, e.ContentHash())
			reason := ""
			switch {
			case *e.Seq != after+1:
				reason = TextAuditSequenceGap
			case e.PrevHash != prev:
				reason = TextAuditPrevHash
			case e.Hash != want:
				reason = TextAuditContentHash
			}
			if reason != "" {
				seq, id := *e.Seq, e.ID
				v.OK, v.BrokenAt, v.BrokenID = false, &seq, &id
				v.setReason(T(reason))
				return v, nil
			}
			prev, after = e.Hash, *e.Seq
			v.Checked++
		}
		if len(rows) < 5000 {
			break
		}
	}
	v.HeadHash, v.HeadSeq = prev, after
	unsealed, err := m.Store.CountUnsealedAudit(ctx)
	if err != nil {
		return nil, err
	}
	v.Unsealed = unsealed
	return v, m.checkLatestCheckpoint(ctx, v)
}

// SealAuditJob is the scheduled form of SealAudit.
func (m *Marketplace) SealAuditJob(ctx context.Context, s Store, now time.Time) (int, error) {
	if ok, err := s.TryLock(ctx, auditChainLock); err != nil || !ok {
		return 0, err
	}
	return sealAudit(ctx, s, 5000)
}
