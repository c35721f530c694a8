package domain

import (
	"context"
	"time"

	"marketplace/domain/audit"
)

// Store is everything the use cases need from persistence. storage.DB
// implements it; InTx hands the callback a Store bound to one transaction.
type Store interface {
	// InTx runs fn in one database transaction; an error rolls it back.
	InTx(ctx context.Context, fn func(Store) error) error
	// Now is the platform clock: the database's clock_timestamp(), or the
	// clock a test injected. Deadlines are compared against it inside the
	// transaction that acts, never against a replica's wall clock.
	Now(ctx context.Context) (time.Time, error)
	// TryLock takes a transaction-scoped advisory lock and reports whether it
	// got it; jobs use it so that one replica runs each job at a time.
	TryLock(ctx context.Context, key string) (bool, error)

	AccountStore
	CatalogueStore
	AuditStore
	JobStore
	AgencyStore
	ProjectStore
	BidStore
	BidDocumentStore
	CreditStore
	CreditRepairStore
	CommitmentStore
	SearchStore
	LifecycleStore
	PageStore
	RiskStore
	OpenDataStore
	NotificationStore
	ReliabilityStore
	IdempotencyStore
	ConfirmationStore
	PlatformNoticeStore
	ContractTemplateStore
	OIDCStore
	CalendarStore
	NoticeStore
	QuestionStore
	InvestmentStore
	ConcentrationStore
	LowPriceStore
	SavedSearchStore
	NamesStore
	CloseStore
}

// AuditStore persists the audit log: every use case appends to it; the
// chain's own reads and writes are domain/audit's stores.
type AuditStore interface {
	AppendAudit(ctx context.Context, e AuditEntry) error
	// AppendAudits appends the entries in one statement, as AppendAudit.
	AppendAudits(ctx context.Context, entries []AuditEntry) error
	audit.Store
	audit.Tx
}
