package domain

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Periods are the configurable durations of SPEC §3 and §8. Every one may be
// set down to seconds so that a whole lifecycle runs in a demo or a test.
type Periods struct {
	MinBiddingWindow time.Duration
	Publicity        time.Duration
	ObjectionAnswer  time.Duration
	// Complaint is the objector's time, after the owner's answer, to
	// escalate the objection to a complaint; silence then accepts the answer.
	Complaint  time.Duration
	Signing    time.Duration
	Evaluation time.Duration
	// LowPriceExplanation is the agency's time to explain an abnormally
	// low bid after the close (docs/credit.md).
	LowPriceExplanation  time.Duration
	AuctionExtension     time.Duration
	AuctionMaxExtensions int
	SessionTTL           time.Duration
}

// DefaultPeriods returns the defaults of SPEC §3.
func DefaultPeriods() Periods {
	return Periods{
		MinBiddingWindow:     72 * time.Hour,
		Publicity:            72 * time.Hour,
		ObjectionAnswer:      72 * time.Hour,
		Complaint:            72 * time.Hour,
		Signing:              120 * time.Hour,
		Evaluation:           360 * time.Hour,
		LowPriceExplanation:  DefaultLowPriceExplanation,
		AuctionExtension:     5 * time.Minute,
		AuctionMaxExtensions: 12,
		SessionTTL:           12 * time.Hour,
	}
}

// Marketplace holds the use cases. Each method that changes state runs in
// one transaction, checks the state it starts from and writes an audit row.
type Marketplace struct {
	Store   Store
	Hasher  PasswordHasher
	Periods Periods
	// Auctions fans live reverse-auction events out to stream subscribers
	// (nil: streams are unavailable, polling still works).
	Auctions AuctionFeed
	// Files keeps uploaded documents (qualification certificates); set by
	// main from UPLOAD_DIR. Uploads are refused while it is nil.
	Files Files
	// Risk overrides the risk thresholds (nil: DefaultRiskConfig).
	Risk *RiskConfig
	// OpenData configures the OCDS feed, webhooks and e-mail notifications.
	OpenData OpenDataConfig
	// Log receives the errors a use case cannot return to its caller (an
	// audit that failed after the answer was decided); nil: slog.Default().
	Log *slog.Logger
	// JobStaleAfter is how long a job may go without success before it is
	// flagged stale (JOB_STALE_AFTER; zero: DefaultJobStaleAfter).
	JobStaleAfter time.Duration
	// Signer is the platform's signing key (audit checkpoints); nil when
	// none is configured, and then no checkpoints are made.
	Signer *Signer

	dummyOnce sync.Once
	dummyHash string
}

// NewMarketplace returns a Marketplace over store.
func NewMarketplace(store Store, hasher PasswordHasher, p Periods) *Marketplace {
	return &Marketplace{Store: store, Hasher: hasher, Periods: p}
}

// Now returns the platform clock (see Store.Now).
func (m *Marketplace) Now(ctx context.Context) (time.Time, error) { return m.Store.Now(ctx) }
