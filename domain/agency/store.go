package agency

import (
	"context"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// ProfileStore persists agency profiles, items, qualifications and
// affiliations. Other contexts read it too (an award reads the credit
// summary, bid eligibility the qualifications), which is why it stays
// separate from the few methods only Registry needs (Store).
type ProfileStore interface {
	// FindAgency returns the whole profile: items, every qualification (with
	// Flagged set; Valid is the caller's to compute), affiliations, credit,
	// completed projects and evaluations. forUpdate locks the account row.
	FindAgency(ctx context.Context, id int64, forUpdate bool) (*Agency, error)
	// FindAgencies is the public directory.
	FindAgencies(ctx context.Context, f Filter) ([]*Summary, int, error)
	// FindAgencyCredit is the one place credit is read from (the credit
	// rules keep agency_profiles.credit_score/credit_grade current).
	FindAgencyCredit(ctx context.Context, agencyID int64) (CreditSummary, error)
	// FindAgencyCredits is FindAgencyCredit for several agencies in one
	// read (an award's candidates); an agency without a profile is absent.
	FindAgencyCredits(ctx context.Context, agencyIDs []int64) (map[int64]CreditSummary, error)
	// UpdateAgencyProfile writes the editable profile fields, the contact
	// phone and the list of service items.
	UpdateAgencyProfile(ctx context.Context, a *Agency) error
	// SetAgencyExited marks the agency exited at t.
	SetAgencyExited(ctx context.Context, agencyID int64, t time.Time) error
	// SetAgencyRejoined makes an exited agency active again, clearing its
	// exit date; its account, sessions and history are untouched.
	SetAgencyRejoined(ctx context.Context, agencyID int64) error
	// FindOpenEngagements lists what keeps an agency from exiting: its
	// open bids, awards and contracts (facts of the projects, read here so
	// that the exit checks them under the agency's row lock).
	FindOpenEngagements(ctx context.Context, agencyID int64) ([]OpenEngagement, error)

	// CreateFile indexes an uploaded document (nothing happens when the
	// same content is already indexed).
	CreateFile(ctx context.Context, d files.Document) error
	CreateQualification(ctx context.Context, q *Qualification) error
	FindQualification(ctx context.Context, id int64, forUpdate bool) (*Qualification, error)
	FindQualifications(ctx context.Context, agencyID int64, itemCode string) ([]*Qualification, error)
	DeleteQualification(ctx context.Context, id int64) error
	CreateQualificationFlag(ctx context.Context, f *QualificationFlag) error

	CreateAffiliation(ctx context.Context, a *Affiliation) error
	FindAffiliation(ctx context.Context, id int64, forUpdate bool) (*Affiliation, error)
	DeleteAffiliation(ctx context.Context, id int64) error

	FindDepartments(ctx context.Context, p kernel.Page) ([]*Department, int, error)
}

// Store is what Registry reads and writes: the profiles, the picker's
// search, the platform clock and the audit log. domain.Store implements it.
type Store interface {
	ProfileStore
	// FindAgencyRefs finds agencies whose name contains q or whose USCC is
	// q, best matches first (exact name or USCC), at most limit.
	FindAgencyRefs(ctx context.Context, q string, limit int) ([]Ref, error)
	kernel.Auditor
}

// Item is what the agency rules read of a catalogue item: whether it can
// still be offered or certified.
type Item struct {
	Code      string
	Name      string
	Abolished bool
}

// Account is what an affiliation reads of the account it names.
type Account struct {
	Name string
	Role string
}

// Catalogue reads the service item catalogue (another context) inside the
// agency's transaction.
type Catalogue interface {
	// LookupItem returns the item with code, or an ENOTFOUND error.
	LookupItem(ctx context.Context, code string) (Item, error)
}

// Accounts reads the accounts (another context) inside the agency's
// transaction.
type Accounts interface {
	// LookupAccount returns the account with id, or an ENOTFOUND error.
	LookupAccount(ctx context.Context, id int64) (Account, error)
}

// Tx is the store a Registry transaction sees: its own Store, and the two
// facts of other contexts it checks while it holds the agency's row lock
// (a catalogue item, a department account). The composition root (domain)
// builds it over the transaction's aggregate store.
type Tx interface {
	Store
	Catalogue
	Accounts
}
