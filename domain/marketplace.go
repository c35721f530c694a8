package domain

import (
	"context"
	"log/slog"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/files"
	"marketplace/domain/identity"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/domain/supervision"
)

// Periods are the configurable time limits of SPEC §3 and §8. Every one may be
// set down to seconds so that a whole lifecycle runs in a demo or a test;
// the lifecycle's periods may also be working days (Period).
type Periods struct {
	MinBiddingWindow market.Period
	Publicity        market.Period
	ObjectionAnswer  market.Period
	// Complaint is the objector's time, after the owner's answer, to
	// escalate the objection to a complaint; silence then accepts the answer.
	Complaint  market.Period
	Signing    market.Period
	Evaluation market.Period
	// LowPriceExplanation is the agency's time to explain an abnormally
	// low bid after the close (docs/credit.md).
	LowPriceExplanation  market.Period
	AuctionExtension     time.Duration
	AuctionMaxExtensions int
	SessionTTL           time.Duration

	// AmendmentMinRemaining is the least bidding time an amendment that
	// affects bids leaves before the close (更正公告, 72 h by default).
	AmendmentMinRemaining time.Duration
	// QuestionCutoff: questions close this long before the announced
	// close (MARKET_QUESTION_CUTOFF, see question.go).
	QuestionCutoff time.Duration
}

// The customary forms of the lifecycle's periods (SPEC §3), in working days
// (工作日) where Chinese rules count them so; evaluation is 30 calendar days.
const (
	DefaultMinBiddingWorkingDays = 5
	DefaultPublicityWorkingDays  = 5
	DefaultObjectionWorkingDays  = 7
	DefaultComplaintWorkingDays  = 15
	DefaultSigningWorkingDays    = 5
	DefaultEvaluationPeriod      = 30 * 24 * time.Hour
)

// DefaultPeriods returns the defaults of SPEC §3.
func DefaultPeriods() Periods {
	return Periods{
		MinBiddingWindow:     market.WorkingDays(DefaultMinBiddingWorkingDays),
		Publicity:            market.WorkingDays(DefaultPublicityWorkingDays),
		ObjectionAnswer:      market.WorkingDays(DefaultObjectionWorkingDays),
		Complaint:            market.WorkingDays(DefaultComplaintWorkingDays),
		Signing:              market.WorkingDays(DefaultSigningWorkingDays),
		Evaluation:           market.PeriodOf(DefaultEvaluationPeriod),
		LowPriceExplanation:  market.WorkingDays(DefaultLowPriceExplanationWorkingDays),
		AuctionExtension:     5 * time.Minute,
		AuctionMaxExtensions: 12,
		SessionTTL:           12 * time.Hour,

		AmendmentMinRemaining: 72 * time.Hour,
		QuestionCutoff:        market.DefaultQuestionCutoff,
	}
}

// HourPeriods are the lifecycle's periods as plain lengths of time, the way
// they were before working days: tests and the demo world, which move a
// clock by hours, use them.
func HourPeriods() Periods {
	p := DefaultPeriods()
	p.MinBiddingWindow, p.Publicity, p.ObjectionAnswer, p.Complaint = market.PeriodOf(72*time.Hour), market.PeriodOf(72*time.Hour), market.PeriodOf(72*time.Hour), market.PeriodOf(72*time.Hour)
	p.Signing, p.Evaluation, p.LowPriceExplanation = market.PeriodOf(120*time.Hour), market.PeriodOf(360*time.Hour), market.PeriodOf(48*time.Hour)
	return p
}

// Marketplace holds the use cases. Each method that changes state runs in
// one transaction, checks the state it starts from and writes an audit row.
type Marketplace struct {
	Store   Store
	Hasher  identity.PasswordHasher
	Periods Periods
	// Calendar is the working-day calendar periods in working days are
	// counted on: the official data and the administrators' overrides
	// (NewMarketplace: weekends only, until main gives it the data).
	Calendar *calendar.Live
	// Auctions fans live reverse-auction events out to stream subscribers
	// (nil: streams are unavailable, polling still works).
	Auctions market.AuctionFeed
	// Files keeps uploaded documents (qualification certificates); set by
	// main from UPLOAD_DIR. Uploads are refused while it is nil.
	Files files.Storage
	// Typer names a notice document's type by its content (nil: only
	// PDF, JPEG and PNG are recognised).
	Typer files.Typer
	// Risk overrides the risk thresholds (nil: DefaultRiskConfig).
	Risk *supervision.RiskConfig
	// OpenData configures the OCDS feed, webhooks and e-mail notifications.
	OpenData opendata.Config
	// Log receives the errors a use case cannot return to its caller (an
	// audit that failed after the answer was decided); nil: slog.Default().
	Log *slog.Logger
	// JobStaleAfter is how long a job may go without success before it is
	// flagged stale (JOB_STALE_AFTER; zero: DefaultJobStaleAfter).
	JobStaleAfter time.Duration
	// Signer is the platform's signing key (audit checkpoints); nil when
	// none is configured, and then no checkpoints are made.
	Signer *Signer
	// ContractDocs renders and signs the electronic contract at signing
	// (zero: contracts are signed without a PDF).
	ContractDocs ContractDocuments

	// loginTiming memoises the hash an unknown e-mail's login is checked
	// against (identity.TimingEqualiser); it outlives each call.
	loginTiming identity.TimingEqualiser
}

// NewMarketplace returns a Marketplace over store.
func NewMarketplace(store Store, hasher identity.PasswordHasher, p Periods) *Marketplace {
	return &Marketplace{Store: store, Hasher: hasher, Periods: p, Calendar: calendar.NewLive(nil)}
}

// Now returns the platform clock (see Store.Now).
func (m *Marketplace) Now(ctx context.Context) (time.Time, error) { return m.Store.Now(ctx) }
