package domain

import (
	"context"
	"time"

	"marketplace/domain/audit"
)

// Audit builds the audit chain's use cases from the Marketplace's
// current store and key.
func (m *Marketplace) Audit() *audit.Service {
	sv := &audit.Service{Store: m.Store, InTx: txOf(m.Store, func(s Store) audit.Tx { return s })}
	if m.Signer != nil { // a nil *Signer in the interface would not read as nil
		sv.Signer = m.Signer
	}
	return sv
}

// SealAuditJob is the seal_audit job (audit.SealJob).
func (m *Marketplace) SealAuditJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return audit.SealJob(ctx, s, now)
}

// AuditCheckpointJob signs the chain's head when a checkpoint is due.
func (m *Marketplace) AuditCheckpointJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Audit().CheckpointJob(ctx, s, now)
}
