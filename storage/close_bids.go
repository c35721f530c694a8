package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"marketplace/domain"
)

// submittedBidFactsQuery is FindAgencyFacts for the agency of every
// submitted bid on one project: $1 item, $2 project, $3 owner, $4 the
// platform's date, $5 the end of the affiliation cooling-off. Account rows
// are locked FOR SHARE in id order, so that two closes never wait on each
// other in opposite orders.
var submittedBidFactsQuery = `SELECT b.id, b.needs_confirmation, ` +
	strings.NewReplacer("@day", "$4", "@cooled", "$5").Replace(agencyFactsColumns("$1", "$2", "$3")) + `
	FROM bids b JOIN accounts a ON a.id = b.agency_id
	WHERE b.project_id = $2 AND b.status = 'submitted'
	ORDER BY a.id
	FOR SHARE OF a`

// FindSubmittedBidFacts implements domain.CloseStore.
func (s *DB) FindSubmittedBidFacts(ctx context.Context, p *domain.Project, now time.Time) ([]domain.SubmittedBidFacts, error) {
	rows, err := s.db.Statement.ConnPool.QueryContext(ctx, submittedBidFactsQuery, p.ItemCode, p.ID, p.OwnerID,
		now.In(domain.PlatformZone).Format("2006-01-02"), now.Add(-domain.AffiliationCoolingOff))
	if err != nil {
		return nil, fmt.Errorf("storage: submitted bid facts of %d: %w", p.ID, outage(err))
	}
	defer rows.Close()
	var out []domain.SubmittedBidFacts
	for rows.Next() {
		var b domain.SubmittedBidFacts
		f := &b.Facts
		if err := rows.Scan(&b.BidID, &b.NeedsConfirmation, &f.AgencyID, &f.Exists, &f.Role, &f.Status, &f.SuspendedUntil, &f.OffersItem,
			&f.ItemQualification, &f.HasValidQualification, &f.Avoided, &f.AffiliatedWithOwner); err != nil {
			return nil, fmt.Errorf("storage: submitted bid facts of %d: %w", p.ID, err)
		}
		if f.SuspendedUntil != nil {
			u := f.SuspendedUntil.UTC()
			f.SuspendedUntil = &u
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: submitted bid facts of %d: %w", p.ID, outage(err))
	}
	return out, nil
}

// SettleBids implements domain.CloseStore: one UPDATE joined to the
// settlements passed as arrays, whatever their number.
func (s *DB) SettleBids(ctx context.Context, projectID int64, settled []domain.BidSettlement, now time.Time) error {
	if len(settled) == 0 {
		return nil
	}
	ids := make([]int64, len(settled))
	statuses := make([]string, len(settled))
	reasons := make([]string, len(settled))
	for i, b := range settled {
		ids[i], statuses[i], reasons[i] = b.BidID, b.Status, b.Reason
	}
	_, err := s.db.Statement.ConnPool.ExecContext(ctx, `UPDATE bids b SET status = u.status, invalid_reason = u.reason, updated_at = $5
		FROM unnest($2::bigint[], $3::text[], $4::text[]) AS u(id, status, reason)
		WHERE b.id = u.id AND b.project_id = $1`, projectID, ids, statuses, reasons, now)
	if err != nil {
		return fmt.Errorf("storage: settle %d bids of %d: %w", len(settled), projectID, outage(err))
	}
	return nil
}

// NextCloseIn implements domain.CloseStore from the index on (status,
// closes_at), by the platform clock (or the injected test clock).
func (s *DB) NextCloseIn(ctx context.Context) (time.Duration, bool, error) {
	var us sql.NullInt64
	err := s.db.WithContext(ctx).Raw(`SELECT GREATEST(0, ceil(EXTRACT(EPOCH FROM min(closes_at) - COALESCE(?::timestamptz, clock_timestamp())) * 1e6))::bigint
		FROM projects WHERE status = 'bidding'`, s.injectedNow()).Scan(&us).Error
	if err != nil {
		return 0, false, fmt.Errorf("storage: next close: %w", err)
	}
	if !us.Valid {
		return 0, false, nil
	}
	return time.Duration(us.Int64) * time.Microsecond, true, nil
}
