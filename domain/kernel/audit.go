package kernel

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"time"
)

// AuditEntry is one row of the append-only audit log (电子监察). Rows are
// written in the same transaction as the change they record; the sealer then
// links committed rows into a SHA-256 chain in the order it sees them, so that
// concurrent transactions never queue on the chain head while they hold locks.
type AuditEntry struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	ActorID     int64           `json:"actor_id"`
	ActorRole   string          `json:"actor_role"`
	Action      string          `json:"action"`
	SubjectType string          `json:"subject_type"`
	SubjectID   string          `json:"subject_id"`
	Summary     json.RawMessage `json:"summary"`
	Seq         *int64          `json:"seq,omitempty"`
	PrevHash    string          `json:"prev_hash,omitempty"`
	Hash        string          `json:"hash,omitempty"`
}

// NewAudit builds an entry for actor; summary is any JSON-encodable value
// (a before/after summary, never a sealed price before close).
func NewAudit(actor Actor, action, subjectType, subjectID string, summary any) AuditEntry {
	b, err := json.Marshal(summary)
	if err != nil || summary == nil {
		b = []byte("{}")
	}
	return AuditEntry{ActorID: actor.ID, ActorRole: actor.Role, Action: action, SubjectType: subjectType, SubjectID: subjectID, Summary: b}
}

// ContentHash is SHA-256 over the entry's content in a fixed layout.
func (e *AuditEntry) ContentHash() [32]byte {
	h := sha256.New()
	var buf [8]byte
	writeField := func(b []byte) {
		binary.BigEndian.PutUint64(buf[:], uint64(len(b)))
		h.Write(buf[:])
		h.Write(b)
	}
	binary.BigEndian.PutUint64(buf[:], uint64(e.ID))
	h.Write(buf[:])
	writeField([]byte(e.At.UTC().Format(time.RFC3339Nano)))
	binary.BigEndian.PutUint64(buf[:], uint64(e.ActorID))
	h.Write(buf[:])
	writeField([]byte(e.ActorRole))
	writeField([]byte(e.Action))
	writeField([]byte(e.SubjectType))
	writeField([]byte(e.SubjectID))
	writeField(e.Summary)
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// ChainHash links an entry at position seq to the previous row's hash.
func ChainHash(prevHash string, seq int64, content [32]byte) string {
	h := sha256.New()
	h.Write([]byte(prevHash))
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(seq))
	h.Write(buf[:])
	h.Write(content[:])
	return hex.EncodeToString(h.Sum(nil))
}

// GenesisHash is the previous hash of the first row.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"
