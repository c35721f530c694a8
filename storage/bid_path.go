package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// The bid hot path (domain.BidStore) sends its three statements straight to
// the connection of the transaction, with no GORM statement building or
// reflection: a bid is the platform's busiest write (docs/performance.md).
// In a bid transaction (InBidTx, bid_tx.go) the first goes with BEGIN, and
// an auction bid's writes with COMMIT.

// conn is the connection (or transaction) s runs its statements on.
func (s *DB) conn() interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
} {
	return s.db.Statement.ConnPool
}

// outage turns a connection-level failure into domain.ErrUnavailable, as
// GORM's error translation does for every other statement.
func outage(err error) error {
	if IsUnavailable(err) {
		return Unavailable(err)
	}
	return err
}

// injectedNow is the test clock, or nil for the database's clock_timestamp().
func (s *DB) injectedNow() any {
	if f := s.clock.get(); f != nil {
		return f().UTC().Truncate(time.Microsecond)
	}
	return nil
}

// projectDest lists the scan destinations of projectColumns, in order.
func (r *projectRow) dest() []any {
	return []any{&r.ID, &r.OwnerID, &r.OwnerName, &r.OwnerRole, &r.Title, &r.Description, &r.ItemCode, &r.ItemName,
		&r.Region, &r.Funding, &r.BudgetCode, &r.CeilingFen, &r.Method, &r.BiddingClosesAt, &r.ClosesAt, &r.Extensions,
		&r.ServiceDays, &r.MinBids, &r.WeightPrice, &r.WeightCredit, &r.WeightTechnical, &r.MinStepFen, &r.BestFen,
		&r.AuctionBids, &r.Status, &r.CancelReason, &r.PreviousRoundID, &r.PublishedAt, &r.ClosedAt, &r.Result, &r.CreatedAt, &r.InvestmentProjectCode,
		&r.ContactName, &r.ContactPhone, &r.ContactEmail}
}

// LockProjectForBid implements domain.BidStore. The clock is read by the
// outer query, which runs only once the inner one holds the row lock: a
// bid that waited behind the close sees the time after the close.
func (s *DB) LockProjectForBid(ctx context.Context, id int64, mode market.LockMode) (*market.Project, time.Time, error) {
	lock := ""
	switch mode {
	case market.LockShare:
		lock = " FOR SHARE OF p"
	case market.LockUpdate:
		lock = " FOR UPDATE OF p"
	}
	var r projectRow
	var now time.Time
	query := `SELECT l.*, COALESCE($2::timestamptz, clock_timestamp()) FROM (SELECT ` +
		projectColumns + projectFrom + ` WHERE p.id = $1` + lock + `) l`
	args, dest := []any{id, s.injectedNow()}, append(r.dest(), &now)
	var err error
	if t := s.pipelineOf(); t != nil {
		err = t.queryRowFirst(ctx, query, args, dest...) // with BEGIN (bid_tx.go)
	} else {
		err = s.conn().QueryRowContext(ctx, query, args...).Scan(dest...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, market.ErrProjectNotFound
	} else if err != nil {
		return nil, time.Time{}, fmt.Errorf("storage: lock project %d for a bid: %w", id, outage(err))
	}
	return r.toDomain(), now.UTC(), nil
}

// bidderQuery is FindAgencyFacts with the agency's current bid and its
// auction bidder number; $7 says whether the number is wanted.
var bidderQuery = `SELECT ` + strings.NewReplacer("@day", "$5", "@cooled", "$6").Replace(agencyFactsColumns("$2", "$3", "$4")) + `,
	COALESCE((SELECT b.status FROM bids b WHERE b.project_id = $3 AND b.agency_id = a.id FOR UPDATE), '') AS bid_status,
	CASE WHEN $7 THEN COALESCE(
		(SELECT bidder_no FROM auction_bids WHERE project_id = $3 AND agency_id = a.id LIMIT 1),
		(SELECT COALESCE(max(bidder_no), 0) + 1 FROM auction_bids WHERE project_id = $3)) ELSE 0 END AS auction_no
	FROM accounts a WHERE a.id = $1
	FOR SHARE OF a`

// FindBidder implements domain.BidStore. It runs after the project lock
// as a statement of its own, so that its snapshot holds every bid (and
// bidder number) committed before the lock was granted.
func (s *DB) FindBidder(ctx context.Context, agencyID int64, p *market.Project, now time.Time, auction bool) (*market.Bidder, error) {
	f := &market.AgencyFacts{}
	b := &market.Bidder{Facts: f}
	err := s.conn().QueryRowContext(ctx, bidderQuery, agencyID, p.ItemCode, p.ID, p.OwnerID,
		now.In(calendar.Beijing).Format("2006-01-02"), now.Add(-market.AffiliationCoolingOff), auction).Scan(
		&f.AgencyID, &f.Exists, &f.Role, &f.Status, &f.SuspendedUntil, &f.OffersItem, &f.ItemQualification,
		&f.HasValidQualification, &f.Avoided, &f.AffiliatedWithOwner, &b.BidStatus, &b.AuctionNo)
	if errors.Is(err, sql.ErrNoRows) {
		return &market.Bidder{Facts: &market.AgencyFacts{AgencyID: agencyID}}, nil
	} else if err != nil {
		return nil, fmt.Errorf("storage: bidder %d on %d: %w", agencyID, p.ID, outage(err))
	}
	if f.SuspendedUntil != nil {
		u := f.SuspendedUntil.UTC()
		f.SuspendedUntil = &u
	}
	return b, nil
}

// The writes of a bid, as data-modifying CTEs of one statement: PostgreSQL
// runs every one of them (referenced or not) in the statement, and the
// deadline trigger on bids aborts them all together. Both kinds of bid
// start with the same writes (queries/bid_record_writes.sql: the bid, its
// evidence, its audit row); a sealed bid then reads its documents for the
// receipt, an auction bid adds the auction bid and the project's new best
// price.
var (
	bidRecordWrites = loadQuery("bid_record_writes")
	sealedBidWrite  = bidRecordWrites + "\n" + loadQuery("bid_record_sealed")
	auctionBidWrite = bidRecordWrites + ",\n" + loadQuery("bid_record_auction")
)

// recordBidError is the error of a bid's writes: ErrBiddingClosed when the
// deadline guard refused them.
func recordBidError(b *market.Bid, err error) error {
	if isDeadline(err) {
		return market.ErrBiddingClosed
	} else if err != nil {
		return fmt.Errorf("storage: record bid %d/%d: %w", b.ProjectID, b.AgencyID, outage(err))
	}
	return nil
}

// RecordBid implements domain.BidStore in one statement.
func (s *DB) RecordBid(ctx context.Context, w domain.BidWrite) ([]string, error) {
	b, e, a := w.Bid, w.Evidence, w.Audit
	args := []any{b.ProjectID, b.AgencyID, int64(b.Price), b.Proposal, b.ServiceDays, b.Status, b.SubmittedAt,
		e.AccountID, e.Action, e.ClientIP, e.UserAgent, e.Fingerprint, e.DocSHA256, e.MinHashHex, e.TextRunes,
		s.injectedNow(), a.ActorID, a.ActorRole, a.Action, a.SubjectType, a.SubjectID, string(a.Summary)}
	var err error
	var docs string
	if au := w.Auction; au == nil {
		err = s.conn().QueryRowContext(ctx, sealedBidWrite, args...).Scan(&b.ID, &docs)
	} else {
		ev, jerr := json.Marshal(au.Event)
		if jerr != nil {
			return nil, fmt.Errorf("storage: encode auction event: %w", jerr)
		}
		if au.Bid.Price != b.Price || au.Project.BestPrice == nil || *au.Project.BestPrice != b.Price {
			return nil, fmt.Errorf("storage: auction bid %d/%d: the bid, the auction bid and the best price differ", b.ProjectID, b.AgencyID)
		}
		args = append(args, au.Bid.Seq, au.Bid.BidderNo, au.Project.ClosesAt, au.Project.Extensions, auctionChannel, string(ev))
		var notified string
		if t := s.pipelineOf(); t != nil {
			// Nothing in the transaction reads the writes of an auction
			// bid: in a bid transaction they go with COMMIT (bid_tx.go),
			// and so does the history the bidder is answered with.
			t.deferToCommit(auctionBidWrite, args, func(row pgx.Row) error {
				return recordBidError(b, row.Scan(&b.ID, &au.Bid.ID, &notified))
			})
			t.deferReadToCommit(auctionHistorySQL, []any{b.ProjectID}, func(rows pgx.Rows) error {
				// COMMIT was sent with this read: a failure to read the
				// rows here must not answer a committed bid with an error.
				// History stays nil, and the bidder's answer is read anew
				// (market.PlaceAuctionBid). A failure of the statement
				// itself still comes from rows.Err(), before COMMIT runs.
				if h, err := scanAuctionBids(rows); err == nil {
					au.History = h
				}
				return nil
			})
			return nil, nil
		}
		err = s.conn().QueryRowContext(ctx, auctionBidWrite, args...).Scan(&b.ID, &au.Bid.ID, &notified)
		if err == nil {
			au.History, err = s.FindAuctionBids(ctx, b.ProjectID)
		}
	}
	if err := recordBidError(b, err); err != nil {
		return nil, err
	}
	if docs == "" {
		return nil, nil
	}
	return strings.Split(docs, ","), nil
}
