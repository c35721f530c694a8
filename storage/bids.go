package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

type bidRow struct {
	ID            int64
	ProjectID     int64
	AgencyID      int64
	AgencyName    string
	PriceFen      int64
	Proposal      string
	ServiceDays   int
	Status        string
	InvalidReason string
	SubmittedAt   time.Time
	UpdatedAt     time.Time

	// NeedsConfirmation: flagged by an amendment (notices.go).
	NeedsConfirmation bool
}

func (r *bidRow) toDomain() *domain.Bid {
	return &domain.Bid{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, AgencyName: r.AgencyName,
		Price: domain.Money(r.PriceFen), Proposal: r.Proposal, ServiceDays: r.ServiceDays, Status: r.Status,
		InvalidReason: r.InvalidReason, NeedsConfirmation: r.NeedsConfirmation, SubmittedAt: r.SubmittedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

const bidSelect = `SELECT b.id, b.project_id, b.agency_id, a.name AS agency_name, b.price_fen, b.proposal, b.service_days,
	b.status, b.invalid_reason, b.needs_confirmation, b.submitted_at, b.updated_at FROM bids b JOIN accounts a ON a.id = b.agency_id `

// FindBid implements domain.ProjectStore.
func (s *DB) FindBid(ctx context.Context, projectID, agencyID int64) (*domain.Bid, error) {
	var rows []bidRow
	if err := s.db.WithContext(ctx).Raw(bidSelect+"WHERE b.project_id = ? AND b.agency_id = ?", projectID, agencyID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bid %d/%d: %w", projectID, agencyID, err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrBidNotFound
	}
	return rows[0].toDomain(), nil
}

// FindAgencyBids implements domain.ProjectStore.
func (s *DB) FindAgencyBids(ctx context.Context, agencyID int64, projectIDs []int64) ([]*domain.Bid, error) {
	var rows []bidRow
	if err := s.db.WithContext(ctx).Raw(bidSelect+"WHERE b.agency_id = ? AND b.project_id IN ?", agencyID, projectIDs).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bids of %d: %w", agencyID, err)
	}
	out := make([]*domain.Bid, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// SaveBid implements domain.ProjectStore: the unique (project_id,
// agency_id) key keeps one live bid per agency, and a revision replaces it.
func (s *DB) SaveBid(ctx context.Context, b *domain.Bid) error {
	var row bidRow
	err := s.db.WithContext(ctx).Raw(`INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status,
		invalid_reason, submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)
		ON CONFLICT (project_id, agency_id) DO UPDATE SET price_fen = EXCLUDED.price_fen, proposal = EXCLUDED.proposal,
			service_days = EXCLUDED.service_days, status = EXCLUDED.status, invalid_reason = '',
			needs_confirmation = false, submitted_at = EXCLUDED.submitted_at, updated_at = EXCLUDED.updated_at
		RETURNING id, project_id, agency_id, price_fen, proposal, service_days, status, invalid_reason, submitted_at, updated_at`,
		b.ProjectID, b.AgencyID, int64(b.Price), b.Proposal, b.ServiceDays, b.Status, b.SubmittedAt, b.UpdatedAt).Scan(&row).Error
	if isDeadline(err) {
		return domain.ErrBiddingClosed
	} else if err != nil {
		return fmt.Errorf("storage: save bid %d/%d: %w", b.ProjectID, b.AgencyID, err)
	}
	b.ID = row.ID
	return nil
}

// FindBidsOf implements domain.CloseStore: the bids of each project, in
// one statement.
func (s *DB) FindBidsOf(ctx context.Context, projectIDs []int64) (map[int64][]*domain.Bid, error) {
	out := make(map[int64][]*domain.Bid, len(projectIDs))
	if len(projectIDs) == 0 {
		return out, nil
	}
	var rows []bidRow
	if err := s.db.WithContext(ctx).Raw(bidSelect+"WHERE b.project_id IN ? ORDER BY b.project_id, b.submitted_at, b.id", projectIDs).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bids of %d projects: %w", len(projectIDs), err)
	}
	for i := range rows {
		b := rows[i].toDomain()
		out[b.ProjectID] = append(out[b.ProjectID], b)
	}
	return out, nil
}

// FindBids implements domain.ProjectStore.
func (s *DB) FindBids(ctx context.Context, projectID int64) ([]*domain.Bid, error) {
	bids, err := s.FindBidsOf(ctx, []int64{projectID})
	return bids[projectID], err
}

// SetBidStatus implements domain.ProjectStore.
func (s *DB) SetBidStatus(ctx context.Context, bidID int64, status, reason string, now time.Time) error {
	err := s.db.WithContext(ctx).Exec("UPDATE bids SET status = ?, invalid_reason = ?, updated_at = ? WHERE id = ?",
		status, reason, now, bidID).Error
	if err != nil {
		return fmt.Errorf("storage: set bid %d %s: %w", bidID, status, err)
	}
	return nil
}
