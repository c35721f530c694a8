package audit_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"marketplace/domain/audit"
	"marketplace/domain/kernel"
)

// memChain is the audit log in memory: rows in id order, sealed ones
// carrying their place on the chain.
type memChain struct {
	rows        []*kernel.AuditEntry
	checkpoints []*audit.Checkpoint
}

func (m *memChain) TryLock(context.Context, string) (bool, error) { return true, nil }
func (m *memChain) LastSealedAudit(context.Context) (*kernel.AuditEntry, error) {
	var head *kernel.AuditEntry
	for _, e := range m.rows {
		if e.Seq != nil && (head == nil || *e.Seq > *head.Seq) {
			head = e
		}
	}
	return head, nil
}
func (m *memChain) FindUnsealedAudit(_ context.Context, limit int) ([]*kernel.AuditEntry, error) {
	var out []*kernel.AuditEntry
	for _, e := range m.rows {
		if e.Seq == nil && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}
func (m *memChain) SealAudit(_ context.Context, seals []audit.Seal) error {
	for _, s := range seals {
		e := m.rows[s.ID-1]
		seq := s.Seq
		e.Seq, e.PrevHash, e.Hash = &seq, s.PrevHash, s.Hash
	}
	return nil
}
func (m *memChain) FindSealedAudit(_ context.Context, after int64, limit int) ([]*kernel.AuditEntry, error) {
	var out []*kernel.AuditEntry
	for _, e := range m.rows {
		if e.Seq != nil && *e.Seq > after && len(out) < limit {
			out = append(out, e)
		}
	}
	return out, nil
}
func (m *memChain) CountUnsealedAudit(context.Context) (int64, error) { return 0, nil }
func (m *memChain) LastAuditCheckpoint(context.Context) (*audit.Checkpoint, error) {
	if len(m.checkpoints) == 0 {
		return nil, nil
	}
	return m.checkpoints[len(m.checkpoints)-1], nil
}
func (m *memChain) CreateAuditCheckpoint(_ context.Context, c *audit.Checkpoint) error {
	m.checkpoints = append(m.checkpoints, c)
	return nil
}
func (m *memChain) FindAuditCheckpoints(context.Context, kernel.Page) ([]*audit.Checkpoint, int, error) {
	return m.checkpoints, len(m.checkpoints), nil
}
func (m *memChain) FindSealedAuditBySeq(_ context.Context, seq int64) (*kernel.AuditEntry, error) {
	for _, e := range m.rows {
		if e.Seq != nil && *e.Seq == seq {
			return e, nil
		}
	}
	return nil, kernel.Errorf(kernel.ENOTFOUND, "not_found", "no row %d", seq)
}

type fixedSigner struct{}

func (fixedSigner) Sign(msg []byte) string { return fmt.Sprintf("signed %d bytes", len(msg)) }
func (fixedSigner) PublicKey() string      { return "key" }
func (fixedSigner) KeyID() string          { return "k1" }

func newChain(n int) (*memChain, *audit.Service) {
	m := &memChain{}
	for i := 1; i <= n; i++ {
		m.rows = append(m.rows, &kernel.AuditEntry{ID: int64(i), Action: "project.created", SubjectType: "project",
			SubjectID: fmt.Sprint(i), Summary: json.RawMessage(`{}`), At: time.Date(2026, 12, 6, 1, 0, i, 0, time.UTC)})
	}
	sv := &audit.Service{Store: m, InTx: func(ctx context.Context, fn func(audit.Tx) error) error { return fn(m) }, Signer: fixedSigner{}}
	return m, sv
}

// TestService_Verify seals a chain over memory and verifies it, then finds
// each kind of tampering: a rewritten row, a relinked row, a removed row,
// and rows cut after a checkpoint was signed.
func TestService_Verify(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		tamper func(m *memChain)
		reason string
		at     int64
	}{
		{"intact", func(*memChain) {}, "", 0},
		{"rewritten content", func(m *memChain) { m.rows[2].Action = "project.deleted" }, audit.TextContentHash, 3},
		{"relinked", func(m *memChain) { m.rows[3].PrevHash = kernel.GenesisHash }, audit.TextPrevHash, 4},
		{"row removed", func(m *memChain) { m.rows = append(m.rows[:1], m.rows[2:]...) }, audit.TextSequenceGap, 3},
		{"head cut after a checkpoint", func(m *memChain) { m.rows = m.rows[:3] }, audit.TextCheckpointBeyond, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, sv := newChain(5)
			if n, err := sv.Seal(ctx, 100); err != nil || n != 5 {
				t.Fatalf("sealed %d, %v", n, err)
			}
			if n, err := sv.CheckpointJob(ctx, m, time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC)); err != nil || n != 1 {
				t.Fatalf("checkpoint %d, %v", n, err)
			}
			tc.tamper(m)
			v, err := sv.Verify(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if tc.reason == "" {
				if !v.OK || v.Checked != 5 || v.HeadSeq != 5 {
					t.Errorf("intact chain: %+v", v)
				}
				return
			}
			if v.OK || v.ReasonText == nil || v.ReasonText.ID != tc.reason || v.BrokenAt == nil || *v.BrokenAt != tc.at {
				t.Errorf("got %+v (%v), want %s at %d", v, v.ReasonText, tc.reason, tc.at)
			}
		})
	}
}
