package domain

import (
	"context"
	"time"

	"marketplace/domain/agency"
	"marketplace/domain/audit"
	"marketplace/domain/calendar"
	"marketplace/domain/catalogue"
	"marketplace/domain/commitment"
	"marketplace/domain/contractdoc"
	"marketplace/domain/credit"
	"marketplace/domain/identity"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/domain/platformnotice"
	"marketplace/domain/search"
	"marketplace/domain/supervision"
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

	identity.AccountStore
	catalogue.Store
	AuditStore
	jobrun.Store
	agency.ProfileStore
	ProjectStore
	BidStore
	BidDocumentStore
	credit.Records
	credit.RepairStore
	commitment.Store
	SearchStore
	LifecycleStore
	PageStore
	supervision.RiskStore
	OpenDataStore
	opendata.NotificationStore
	ReliabilityStore
	IdempotencyStore
	ConfirmationStore
	platformnotice.Store
	contractdoc.TemplateStore
	identity.OIDCStore
	calendar.OverrideStore
	market.NoticeStore
	market.QuestionStore
	InvestmentStore
	supervision.ConcentrationStore
	LowPriceStore
	search.SavedStore
	NamesStore
	market.CloseStore
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
