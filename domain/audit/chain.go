package audit

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// chainLock is the advisory-lock key of the sealer.
const chainLock = "audit.seal"

// verifyBatch is how many rows one read of the chain or one seal takes.
const verifyBatch = 5000

// Seal is one audit row's place on the hash chain.
type Seal struct {
	ID, Seq        int64
	PrevHash, Hash string
}

// Service holds the audit chain's use cases: sealing, verifying and
// signed checkpoints. It is cheap to build and holds no state of its own;
// domain.Marketplace builds one per call from its fields.
type Service struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
	// Signer signs checkpoints; nil when no key is configured.
	Signer Signer
}

// Seal links committed, unsealed audit rows onto the hash chain, at
// most limit of them, and returns how many it sealed. Only one sealer runs at
// a time (advisory lock); a concurrent call returns 0.
func (sv *Service) Seal(ctx context.Context, limit int) (int, error) {
	n := 0
	err := sv.InTx(ctx, func(s Tx) error {
		ok, err := s.TryLock(ctx, chainLock)
		if err != nil || !ok {
			return err
		}
		n, err = seal(ctx, s, limit)
		return err
	})
	return n, err
}

// seal chains up to limit unsealed rows; the caller holds the lock.
func seal(ctx context.Context, s Tx, limit int) (int, error) {
	head, err := s.LastSealedAudit(ctx)
	if err != nil {
		return 0, err
	}
	prev, seq := kernel.GenesisHash, int64(0)
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
	seals := make([]Seal, len(rows))
	for i, e := range rows {
		seq++
		h := kernel.ChainHash(prev, seq, e.ContentHash())
		seals[i] = Seal{ID: e.ID, Seq: seq, PrevHash: prev, Hash: h}
		prev = h
	}
	if err := s.SealAudit(ctx, seals); err != nil {
		return 0, err
	}
	return len(rows), nil
}

// Verify seals what is pending, then walks the whole chain and reports
// the first row whose content or link does not match.
func (sv *Service) Verify(ctx context.Context) (*Verification, error) {
	for {
		n, err := sv.Seal(ctx, verifyBatch)
		if err != nil {
			return nil, err
		}
		if n < verifyBatch {
			break
		}
	}
	v := &Verification{OK: true, HeadHash: kernel.GenesisHash}
	prev, after := kernel.GenesisHash, int64(0)
	for {
		rows, err := sv.Store.FindSealedAudit(ctx, after, verifyBatch)
		if err != nil {
			return nil, err
		}
		for _, e := range rows {
			want := kernel.ChainHash(prev, *e.Seq, e.ContentHash())
			reason := ""
			switch {
			case *e.Seq != after+1:
				reason = TextSequenceGap
			case e.PrevHash != prev:
				reason = TextPrevHash
			case e.Hash != want:
				reason = TextContentHash
			}
			if reason != "" {
				seq, id := *e.Seq, e.ID
				v.OK, v.BrokenAt, v.BrokenID = false, &seq, &id
				v.setReason(kernel.T(reason))
				return v, nil
			}
			prev, after = e.Hash, *e.Seq
			v.Checked++
		}
		if len(rows) < verifyBatch {
			break
		}
	}
	v.HeadHash, v.HeadSeq = prev, after
	unsealed, err := sv.Store.CountUnsealedAudit(ctx)
	if err != nil {
		return nil, err
	}
	v.Unsealed = unsealed
	return v, sv.checkLatestCheckpoint(ctx, v)
}

// SealJob is the scheduled form of Seal, in the job's transaction.
func SealJob(ctx context.Context, s Tx, _ time.Time) (int, error) {
	if ok, err := s.TryLock(ctx, chainLock); err != nil || !ok {
		return 0, err
	}
	return seal(ctx, s, verifyBatch)
}
