package credit

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Bureau is the credit context's use cases (信用评价, SPEC §4): events and
// the score, appeals, repairs, violations, sanctions and random
// inspections. It is built per call from the platform's current wiring,
// so it holds no state of its own.
type Bureau struct {
	// Store reads outside a transaction (it may be a read replica).
	Store Store
	// InTx runs a use case's writes in one transaction.
	InTx kernel.TxFunc[Tx]
	// Commitments reads the registration commitment an agency signed,
	// shown with its public credit record.
	Commitments Commitments
}

// Tx is what a use case works with inside its transaction: the credit
// store, and bound to the same transaction what credit needs from the
// contexts that stay in domain. Tx implements Store, so it can be handed
// to RecordEvent.
type Tx struct {
	Store
	Confirmations Confirmations
	Catalogue     Catalogue
}

// Confirmations is the second-department queue (四眼原则) a violation waits
// in when the recording department is tied to the agency. It stays in
// domain, where the avoid lists of departments' projects share it; it
// decides with facts about projects that credit does not hold.
type Confirmations interface {
	// NeedsSecondDepartment reports whether a violation department records
	// against agencyID (about projectID, when given) waits for a second
	// department or an admin: the department is tied to the agency by its
	// own business at now (domain.DepartmentTies).
	NeedsSecondDepartment(ctx context.Context, department, agencyID int64, projectID *int64, now time.Time) (bool, error)
	// RequestViolation queues the pending violation for a second department.
	RequestViolation(ctx context.Context, actor kernel.Actor, violationID int64, now time.Time) error
	// ConfirmViolation gives actor's confirmation of the violation's
	// pending request, which scores it (ScoreConfirmedViolation); requested
	// is false, with no error, when the violation never waited for one.
	ConfirmViolation(ctx context.Context, actor kernel.Actor, violationID int64) (requested bool, err error)
}

// Catalogue is what an inspection needs of the service-item catalogue,
// which stays in domain.
type Catalogue interface {
	// CheckItem returns the catalogue's error (not found) when no item has
	// this code.
	CheckItem(ctx context.Context, code string) error
}

// Commitments reads the credit commitments (信用承诺), which stay in domain:
// registration and bidding use them too.
type Commitments interface {
	// LatestSigned returns the agency's latest accepted registration
	// commitment, nil when it has accepted none.
	LatestSigned(ctx context.Context, agencyID int64) (*SignedCommitment, error)
}

// SignedCommitment is an account's acceptance of a registration commitment
// text, as its public credit record shows it (已签署信用承诺).
type SignedCommitment struct {
	AccountID  int64     `json:"account_id"`
	TextID     int64     `json:"text_id"`
	Version    int       `json:"version"`
	SHA256     string    `json:"sha256"`
	AcceptedAt time.Time `json:"accepted_at"`
}
