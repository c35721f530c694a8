package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// submittedBidFactsQuery is FindAgencyFacts for the agency of every
// submitted bid on a batch of projects, given as arrays: $1 items, $2
// projects, $3 owners; $4 the platform's date, $5 the end of the
// affiliation cooling-off. Account rows are locked FOR SHARE in id order,
// so that two closes never wait on each other in opposite orders.
var submittedBidFactsQuery = `SELECT b.project_id, b.id, b.needs_confirmation, ` +
	strings.NewReplacer("@day", "$4", "@cooled", "$5").Replace(agencyFactsColumns("u.item", "u.project", "u.owner")) + `
	FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS u(item, project, owner)
	JOIN bids b ON b.project_id = u.project AND b.status = 'submitted'
	JOIN accounts a ON a.id = b.agency_id
	ORDER BY a.id, b.id
	FOR SHARE OF a`

// FindSubmittedBidFacts implements market.CloseStore.
func (s *DB) FindSubmittedBidFacts(ctx context.Context, ps []*market.Project, now time.Time) ([]market.SubmittedBidFacts, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	items, ids, owners := make([]string, len(ps)), make([]int64, len(ps)), make([]int64, len(ps))
	for i, p := range ps {
		items[i], ids[i], owners[i] = p.ItemCode, p.ID, p.OwnerID
	}
	// Without JIT for the rest of the transaction the close runs in (a
	// job's, or a request's that closes a due project first): the statement's
	// estimated cost grows with the bids (six subqueries a bid) past
	// jit_above_cost, and PostgreSQL then compiles it at every run, 0.64 s
	// of the 0.79 s it took for 10,000 bids, where it executes in 0.09 s.
	// SET LOCAL ends with the transaction, before the connection goes back
	// to the pool.
	if _, err := s.db.Statement.ConnPool.ExecContext(ctx, "SET LOCAL jit = off"); err != nil {
		return nil, fmt.Errorf("storage: close without jit: %w", outage(err))
	}
	rows, err := s.db.Statement.ConnPool.QueryContext(ctx, submittedBidFactsQuery, items, ids, owners,
		now.In(calendar.Beijing).Format("2006-01-02"), now.Add(-market.AffiliationCoolingOff))
	if err != nil {
		return nil, fmt.Errorf("storage: submitted bid facts of %d projects: %w", len(ps), outage(err))
	}
	defer rows.Close()
	var out []market.SubmittedBidFacts
	for rows.Next() {
		var b market.SubmittedBidFacts
		f := &b.Facts
		if err := rows.Scan(&b.ProjectID, &b.BidID, &b.NeedsConfirmation, &f.AgencyID, &f.Exists, &f.Role, &f.Status, &f.SuspendedUntil, &f.OffersItem,
			&f.ItemQualification, &f.HasValidQualification, &f.Avoided, &f.AffiliatedWithOwner); err != nil {
			return nil, fmt.Errorf("storage: submitted bid facts: %w", err)
		}
		if f.SuspendedUntil != nil {
			u := f.SuspendedUntil.UTC()
			f.SuspendedUntil = &u
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: submitted bid facts of %d projects: %w", len(ps), outage(err))
	}
	return out, nil
}

// The batch writes of a close, one UPDATE each from parallel arrays
// (queries/bids_settle_batch.sql, projects_close_batch.sql).
var (
	settleBidsSQL       = loadQuery("bids_settle_batch")
	closeProjectRowsSQL = loadQuery("projects_close_batch")
)

// SettleBids implements market.CloseStore: one UPDATE joined to the
// settlements passed as arrays, whatever their number.
func (s *DB) SettleBids(ctx context.Context, settled []market.BidSettlement, now time.Time) error {
	if len(settled) == 0 {
		return nil
	}
	ids := make([]int64, len(settled))
	statuses := make([]string, len(settled))
	reasons := make([]string, len(settled))
	for i, b := range settled {
		ids[i], statuses[i], reasons[i] = b.BidID, b.Status, b.Reason
	}
	_, err := s.db.Statement.ConnPool.ExecContext(ctx, settleBidsSQL, ids, statuses, reasons, now)
	if err != nil {
		return fmt.Errorf("storage: settle %d bids: %w", len(settled), outage(err))
	}
	return nil
}

// CloseProjectRows implements market.CloseStore: one UPDATE from the
// statuses each project starts from, as SetProjectStatus writes one. It
// turns search.defer_close on for the rest of the transaction, before any
// row is updated (the subquery joined in FROM): the closed projects'
// search documents are then rebuilt by the refresh_project_search job
// rather than inside this statement (migration 00400).
func (s *DB) CloseProjectRows(ctx context.Context, changes []market.StatusChange, closedAt time.Time) error {
	if len(changes) == 0 {
		return nil
	}
	ids, froms, tos := make([]int64, len(changes)), make([]string, len(changes)), make([]string, len(changes))
	for i, c := range changes {
		ids[i], froms[i], tos[i] = c.ID, c.From, c.To
	}
	res, err := s.db.Statement.ConnPool.ExecContext(ctx, closeProjectRowsSQL, ids, froms, tos, closedAt)
	if err != nil {
		return fmt.Errorf("storage: close %d projects: %w", len(changes), outage(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("storage: close %d projects: %w", len(changes), err)
	} else if n != int64(len(changes)) {
		return market.ErrStatusChanged
	}
	return nil
}

// NextCloseIn implements market.CloseStore from the index on (status,
// closes_at), by the platform clock (or the injected test clock).
func (s *DB) NextCloseIn(ctx context.Context) (time.Duration, bool, error) {
	var us sql.NullInt64
	err := s.db.WithContext(ctx).Table("projects").
		// NULL when no project is in bidding (GREATEST would turn it
		// into 0, a close due now, forever); a deadline already passed
		// comes back negative and waits for nothing.
		Select("ceil(EXTRACT(EPOCH FROM min(closes_at) - COALESCE(?::timestamptz, clock_timestamp())) * 1e6)::bigint",
			s.injectedNow()).
		Where("status = 'bidding'").Scan(&us).Error
	if err != nil {
		return 0, false, fmt.Errorf("storage: next close: %w", err)
	}
	if !us.Valid {
		return 0, false, nil
	}
	return time.Duration(us.Int64) * time.Microsecond, true, nil
}
