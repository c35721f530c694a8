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

// The bid hot path (domain.BidStore) sends its statements straight to the
// connection of the transaction, with no GORM statement building or
// reflection: a bid is the platform's busiest write (docs/performance.md).
// In a bid transaction (InBidTx, bid_tx.go) it takes two round trips: the
// lock, the bidder (and a sealed bid's documents) with BEGIN, then the
// writes (and a sealed bid's receipt) with COMMIT.

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

// projectLockSQL reads project $1 with its row lock in mode.
func projectLockSQL(mode market.LockMode) string {
	lock := ""
	switch mode {
	case market.LockShare:
		lock = " FOR SHARE OF p"
	case market.LockUpdate:
		lock = " FOR UPDATE OF p"
	}
	return `SELECT ` + projectColumns + projectFrom + ` WHERE p.id = $1` + lock
}

// LockProjectForBid implements domain.BidStore. The clock is read by the
// outer query, which runs only once the inner one holds the row lock: a
// bid that waited behind the close sees the time after the close.
func (s *DB) LockProjectForBid(ctx context.Context, id int64, mode market.LockMode) (*market.Project, time.Time, error) {
	var r projectRow
	var now time.Time
	query := `SELECT l.*, COALESCE($2::timestamptz, clock_timestamp()) FROM (` + projectLockSQL(mode) + `) l`
	err := s.conn().QueryRowContext(ctx, query, id, s.injectedNow()).Scan(append(r.dest(), &now)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, market.ErrProjectNotFound
	} else if err != nil {
		return nil, time.Time{}, fmt.Errorf("storage: lock project %d for a bid: %w", id, outage(err))
	}
	return r.toDomain(), now.UTC(), nil
}

// bidderQuery reads the platform clock and then the bidder at that clock:
// FindAgencyFacts's facts, the agency's current bid (locked FOR UPDATE)
// and, when $5 says so, its auction bidder number. It runs after the
// project lock as a statement of its own, so that its snapshot holds every
// bid (and bidder number) committed before the lock was granted, and its
// clock is read after the lock. The project's item and owner come from its
// row, which the lock holds still. It answers one row whatever exists: the
// facts are null when the agency (or the project) does not.
// $1 agency, $2 project, $3 the test clock or null, $4 the affiliation
// cooling-off in seconds, $5 auction, $6 Beijing's offset from UTC in
// seconds (the qualifications count Beijing dates).
var bidderQuery = `WITH n AS (SELECT COALESCE($3::timestamptz, clock_timestamp()) AS now),
	c AS (SELECT now, ((now AT TIME ZONE 'UTC') + make_interval(secs => $6))::date AS day,
		now - make_interval(secs => $4) AS cooled FROM n)
	SELECT c.now, f.agency_id IS NOT NULL, COALESCE(f.role, ''), COALESCE(f.status, ''), f.suspended_until,
		COALESCE(f.offers_item, false), COALESCE(f.item_qualification, ''), COALESCE(f.has_valid_qualification, false),
		COALESCE(f.avoided, false), COALESCE(f.affiliated_with_owner, false), COALESCE(f.bid_status, ''), COALESCE(f.auction_no, 0)
	FROM c LEFT JOIN LATERAL (SELECT ` +
	strings.NewReplacer("@day", "c.day", "@cooled", "c.cooled").Replace(agencyFactsColumns("pp.item_code", "$2", "pp.owner_id")) + `,
		COALESCE((SELECT b.status FROM bids b WHERE b.project_id = $2 AND b.agency_id = a.id FOR UPDATE), '') AS bid_status,
		CASE WHEN $5 THEN COALESCE(
			(SELECT bidder_no FROM auction_bids WHERE project_id = $2 AND agency_id = a.id LIMIT 1),
			(SELECT COALESCE(max(bidder_no), 0) + 1 FROM auction_bids WHERE project_id = $2)) ELSE 0 END AS auction_no
		FROM accounts a, projects pp WHERE a.id = $1 AND pp.id = $2
		FOR SHARE OF a) f ON true`

// keptDocumentsQuery lists the SHA-256 of the documents the agency's bid on
// the project keeps, in the order they were attached, comma-separated. It
// runs after bidderQuery, in a snapshot of its own taken once bidderQuery
// holds the bid row, which every attachment and removal locks first
// (LockBid): no document can come or go until the bid commits.
const keptDocumentsQuery = `SELECT COALESCE(string_agg(d.sha256, ',' ORDER BY d.id), '') FROM bid_documents d
	WHERE d.project_id = $1 AND d.agency_id = $2`

// beijingOffset is Beijing's offset from UTC in seconds.
var beijingOffset = func() float64 {
	_, off := time.Unix(0, 0).In(calendar.Beijing).Zone()
	return float64(off)
}()

// LockProjectForBidder implements domain.BidStore: the project lock
// (without the clock), bidderQuery and, when read asks for them,
// keptDocumentsQuery: one round trip in a bid transaction (with BEGIN,
// bid_tx.go), one statement after the other inside another transaction.
func (s *DB) LockProjectForBidder(ctx context.Context, id int64, mode market.LockMode, agencyID int64, read market.BidderRead) (*market.Project, time.Time, *market.Bidder, error) {
	lock := projectLockSQL(mode)
	var r projectRow
	var now time.Time
	f := &market.AgencyFacts{AgencyID: agencyID}
	b := &market.Bidder{Facts: f}
	args := []any{agencyID, id, s.injectedNow(), market.AffiliationCoolingOff.Seconds(), read.AuctionNo, beijingOffset}
	dest := []any{&now, &f.Exists, &f.Role, &f.Status, &f.SuspendedUntil, &f.OffersItem, &f.ItemQualification,
		&f.HasValidQualification, &f.Avoided, &f.AffiliatedWithOwner, &b.BidStatus, &b.AuctionNo}
	found := false
	var docs string
	var err error
	if t := s.pipelineOf(); t != nil {
		err = t.queryFirst(ctx, func(q *pgx.Batch) {
			q.Queue(lock, id).Query(func(rows pgx.Rows) error {
				if rows.Next() {
					found = true
					return rows.Scan(r.dest()...)
				}
				return rows.Err()
			})
			q.Queue(bidderQuery, args...).QueryRow(func(row pgx.Row) error { return row.Scan(dest...) })
			if read.Documents {
				q.Queue(keptDocumentsQuery, id, agencyID).QueryRow(func(row pgx.Row) error { return row.Scan(&docs) })
			}
		})
	} else {
		err = s.conn().QueryRowContext(ctx, lock, id).Scan(r.dest()...)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		} else if err == nil {
			found = true
			err = s.conn().QueryRowContext(ctx, bidderQuery, args...).Scan(dest...)
			if err == nil && read.Documents {
				err = s.conn().QueryRowContext(ctx, keptDocumentsQuery, id, agencyID).Scan(&docs)
			}
		}
	}
	if err != nil {
		return nil, time.Time{}, nil, fmt.Errorf("storage: lock project %d for agency %d's bid: %w", id, agencyID, outage(err))
	} else if !found {
		return nil, time.Time{}, nil, market.ErrProjectNotFound
	}
	if f.SuspendedUntil != nil {
		u := f.SuspendedUntil.UTC()
		f.SuspendedUntil = &u
	}
	if docs != "" {
		b.Documents = strings.Split(docs, ",")
	}
	return r.toDomain(), now.UTC(), b, nil
}

// The writes of a bid, as data-modifying CTEs of one statement: PostgreSQL
// runs every one of them (referenced or not) in the statement, and the
// deadline trigger on bids aborts them all together. Both kinds of bid
// start with the same writes (queries/bid_record_writes.sql: the bid, its
// evidence, its audit row); an auction bid adds the auction bid and the
// project's new best price.
var (
	bidRecordWrites = loadQuery("bid_record_writes")
	sealedBidWrite  = bidRecordWrites + "\n" + loadQuery("bid_record_sealed")
	auctionBidWrite = bidRecordWrites + ",\n" + loadQuery("bid_record_auction")
)

// recordBidError is the error of a bid's writes: ErrBiddingClosed when the
// deadline guard refused them, ErrBidSubmittedMeanwhile when a first bid
// found the agency's bid already there (bid_record_sealed.sql).
func recordBidError(b *market.Bid, err error) error {
	if isDeadline(err) {
		return market.ErrBiddingClosed
	} else if constraintName(err) == "bids_submitted_meanwhile" {
		return market.ErrBidSubmittedMeanwhile
	} else if err != nil {
		return fmt.Errorf("storage: record bid %d/%d: %w", b.ProjectID, b.AgencyID, outage(err))
	}
	return nil
}

// RecordBid implements domain.BidStore in one statement. Nothing in the
// transaction reads a bid's writes back: in a bid transaction they go with
// COMMIT (bid_tx.go), and so does an auction's history, which the bidder
// is answered with.
func (s *DB) RecordBid(ctx context.Context, w domain.BidWrite) error {
	b, e, a := w.Bid, w.Evidence, w.Audit
	args := []any{b.ProjectID, b.AgencyID, int64(b.Price), b.Proposal, b.ServiceDays, b.Status, b.SubmittedAt,
		e.AccountID, e.Action, e.ClientIP, e.UserAgent, e.Fingerprint, e.DocSHA256, e.MinHashHex, e.TextRunes,
		s.injectedNow(), a.ActorID, a.ActorRole, a.Action, a.SubjectType, a.SubjectID, string(a.Summary),
		// Only the sealed statement aborts on a bid submitted meanwhile
		// (bid_record_sealed.sql); an auction bid, which keeps no
		// documents, always takes the upsert.
		w.First && w.Auction == nil}
	t := s.pipelineOf()
	au := w.Auction
	if au == nil {
		if t != nil {
			t.deferToCommit(sealedBidWrite, args, func(row pgx.Row) error { return recordBidError(b, row.Scan(&b.ID)) })
			return nil
		}
		return recordBidError(b, s.conn().QueryRowContext(ctx, sealedBidWrite, args...).Scan(&b.ID))
	}
	ev, err := json.Marshal(au.Event)
	if err != nil {
		return fmt.Errorf("storage: encode auction event: %w", err)
	}
	if au.Bid.Price != b.Price || au.Project.BestPrice == nil || *au.Project.BestPrice != b.Price {
		return fmt.Errorf("storage: auction bid %d/%d: the bid, the auction bid and the best price differ", b.ProjectID, b.AgencyID)
	}
	args = append(args, au.Bid.Seq, au.Bid.BidderNo, au.Project.ClosesAt, au.Project.Extensions, auctionChannel, string(ev))
	var notified string
	if t != nil {
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
		return nil
	}
	err = s.conn().QueryRowContext(ctx, auctionBidWrite, args...).Scan(&b.ID, &au.Bid.ID, &notified)
	if err == nil {
		au.History, err = s.FindAuctionBids(ctx, b.ProjectID)
	}
	return recordBidError(b, err)
}
