package audit

import (
	"context"

	"marketplace/domain/kernel"
)

// Store is what the chain's use cases read outside a transaction.
type Store interface {
	// FindSealedAudit returns sealed rows with seq > afterSeq in seq order.
	FindSealedAudit(ctx context.Context, afterSeq int64, limit int) ([]*kernel.AuditEntry, error)
	CountUnsealedAudit(ctx context.Context) (int64, error)
	// LastAuditCheckpoint returns the newest checkpoint, or nil.
	LastAuditCheckpoint(ctx context.Context) (*Checkpoint, error)
	// FindAuditCheckpoints pages checkpoints, newest first.
	FindAuditCheckpoints(ctx context.Context, p kernel.Page) ([]*Checkpoint, int, error)
	// FindSealedAuditBySeq returns the sealed row at seq, or ENOTFOUND.
	FindSealedAuditBySeq(ctx context.Context, seq int64) (*kernel.AuditEntry, error)
}

// Tx is the sealer's view of a transaction: the chain's lock, its head,
// the rows waiting, and the checkpoints.
type Tx interface {
	// TryLock takes a transaction-scoped advisory lock and reports whether it got it.
	TryLock(ctx context.Context, key string) (bool, error)
	// LastSealedAudit returns the head of the chain, or nil when nothing is sealed.
	LastSealedAudit(ctx context.Context) (*kernel.AuditEntry, error)
	FindUnsealedAudit(ctx context.Context, limit int) ([]*kernel.AuditEntry, error)
	// SealAudit links the rows onto the chain in one write; a row already
	// sealed is left as it is.
	SealAudit(ctx context.Context, seals []Seal) error
	LastAuditCheckpoint(ctx context.Context) (*Checkpoint, error)
	CreateAuditCheckpoint(ctx context.Context, c *Checkpoint) error
}

// Signer signs checkpoints with the platform key (domain.Signer).
type Signer interface {
	Sign(msg []byte) string
	PublicKey() string
	KeyID() string
}
