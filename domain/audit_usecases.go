package domain

import (
	"context"
	"time"

	"marketplace/domain/audit"
)

// The audit chain (sealing, verification, signed checkpoints) lives in
// domain/audit. These aliases keep the names api/ and storage/ write.
type (
	AuditSeal         = audit.Seal
	AuditVerification = audit.Verification
	AuditCheckpoint   = audit.Checkpoint
	AuditLink         = audit.Link
	AuditPublicKey    = audit.PublicKey
)

// AuditCheckpointEvery is how often the head of the audit chain is signed.
const AuditCheckpointEvery = audit.CheckpointEvery

// ErrNoSigningKey answers the key and checkpoint reads when none is configured.
var ErrNoSigningKey = audit.ErrNoSigningKey

// auditChain builds the audit chain's use cases from the Marketplace's
// current store and key.
func (m *Marketplace) auditChain() *audit.Service {
	sv := &audit.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) audit.Tx { return s })}
	if m.Signer != nil { // a nil *Signer in the interface would not read as nil
		sv.Signer = m.Signer
	}
	return sv
}

// SealAudit links committed, unsealed audit rows onto the hash chain.
func (m *Marketplace) SealAudit(ctx context.Context, limit int) (int, error) {
	return m.auditChain().Seal(ctx, limit)
}

// VerifyAudit seals what is pending and walks the whole chain.
func (m *Marketplace) VerifyAudit(ctx context.Context) (*AuditVerification, error) {
	return m.auditChain().Verify(ctx)
}

// SealAuditJob is the seal_audit job (audit.SealJob).
func (m *Marketplace) SealAuditJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return audit.SealJob(ctx, s, now)
}

// AuditCheckpointJob signs the chain's head when a checkpoint is due.
func (m *Marketplace) AuditCheckpointJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.auditChain().CheckpointJob(ctx, s, now)
}

// AuditPublicKey returns the key checkpoints are signed with.
func (m *Marketplace) AuditPublicKey() (*AuditPublicKey, error) {
	return m.auditChain().PublicKeyOf()
}

// ListAuditCheckpoints pages the published checkpoints, newest first (public).
func (m *Marketplace) ListAuditCheckpoints(ctx context.Context, p Page) (List[*AuditCheckpoint], error) {
	return m.auditChain().ListCheckpoints(ctx, p)
}

// AuditLinkAt returns the chain's hash at seq (public).
func (m *Marketplace) AuditLinkAt(ctx context.Context, seq int64) (*AuditLink, error) {
	return m.auditChain().LinkAt(ctx, seq)
}
