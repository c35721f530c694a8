package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
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

func (r *bidRow) toDomain() *market.Bid {
	return &market.Bid{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, AgencyName: r.AgencyName,
		Price: domain.Money(r.PriceFen), Proposal: r.Proposal, ServiceDays: r.ServiceDays, Status: r.Status,
		InvalidReason: r.InvalidReason, NeedsConfirmation: r.NeedsConfirmation, SubmittedAt: r.SubmittedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// bidsQuery reads bidRow: a bid with its agency's name.
func bidsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("bids b").Joins("JOIN accounts a ON a.id = b.agency_id").
		Select(`b.id, b.project_id, b.agency_id, a.name AS agency_name, b.price_fen, b.proposal, b.service_days,
			b.status, b.invalid_reason, b.needs_confirmation, b.submitted_at, b.updated_at`)
}

// FindBid implements domain.ProjectStore.
func (s *DB) FindBid(ctx context.Context, projectID, agencyID int64) (*market.Bid, error) {
	var rows []bidRow
	if err := bidsQuery(s.db.WithContext(ctx)).Where("b.project_id = ? AND b.agency_id = ?", projectID, agencyID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bid %d/%d: %w", projectID, agencyID, err)
	}
	if len(rows) == 0 {
		return nil, market.ErrBidNotFound
	}
	return rows[0].toDomain(), nil
}

// FindAgencyBids implements domain.ProjectStore.
func (s *DB) FindAgencyBids(ctx context.Context, agencyID int64, projectIDs []int64) ([]*market.Bid, error) {
	var rows []bidRow
	if err := bidsQuery(s.db.WithContext(ctx)).Where("b.agency_id = ? AND b.project_id IN ?", agencyID, projectIDs).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bids of %d: %w", agencyID, err)
	}
	out := make([]*market.Bid, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// bidInsert is the written part of a bids row.
type bidInsert struct {
	ID            int64
	ProjectID     int64
	AgencyID      int64
	PriceFen      int64
	Proposal      string
	ServiceDays   int
	Status        string
	InvalidReason string
	SubmittedAt   time.Time
	UpdatedAt     time.Time `gorm:"autoUpdateTime:false"` // the caller's clock, never GORM's
}

func (bidInsert) TableName() string { return "bids" }

// bidRevision is what a revision replaces of the agency's live bid: its
// terms and times, and the flags of its previous judgement and amendment.
var bidRevision = clause.OnConflict{
	Columns: []clause.Column{{Name: "project_id"}, {Name: "agency_id"}},
	DoUpdates: append(clause.AssignmentColumns([]string{"price_fen", "proposal", "service_days", "status", "submitted_at", "updated_at"}),
		clause.Assignments(map[string]any{"invalid_reason": "", "needs_confirmation": false})...),
}

// SaveBid implements domain.ProjectStore: the unique (project_id,
// agency_id) key keeps one live bid per agency, and a revision replaces it.
func (s *DB) SaveBid(ctx context.Context, b *market.Bid) error {
	row := bidInsert{ProjectID: b.ProjectID, AgencyID: b.AgencyID, PriceFen: int64(b.Price), Proposal: b.Proposal,
		ServiceDays: b.ServiceDays, Status: b.Status, SubmittedAt: b.SubmittedAt, UpdatedAt: b.UpdatedAt}
	err := s.db.WithContext(ctx).Clauses(bidRevision).Create(&row).Error
	if isDeadline(err) {
		return market.ErrBiddingClosed
	} else if err != nil {
		return fmt.Errorf("storage: save bid %d/%d: %w", b.ProjectID, b.AgencyID, err)
	}
	b.ID = row.ID
	return nil
}

// FindBidsOf implements market.CloseStore: the bids of each project, in
// one statement.
func (s *DB) FindBidsOf(ctx context.Context, projectIDs []int64) (map[int64][]*market.Bid, error) {
	out := make(map[int64][]*market.Bid, len(projectIDs))
	if len(projectIDs) == 0 {
		return out, nil
	}
	var rows []bidRow
	if err := bidsQuery(s.db.WithContext(ctx)).Where("b.project_id IN ?", projectIDs).Order("b.project_id, b.submitted_at, b.id").
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bids of %d projects: %w", len(projectIDs), err)
	}
	for i := range rows {
		b := rows[i].toDomain()
		out[b.ProjectID] = append(out[b.ProjectID], b)
	}
	return out, nil
}

// FindBids implements domain.ProjectStore.
func (s *DB) FindBids(ctx context.Context, projectID int64) ([]*market.Bid, error) {
	bids, err := s.FindBidsOf(ctx, []int64{projectID})
	return bids[projectID], err
}

// SetBidStatus implements domain.ProjectStore.
func (s *DB) SetBidStatus(ctx context.Context, bidID int64, status, reason string, now time.Time) error {
	err := s.db.WithContext(ctx).Table("bids").Where("id = ?", bidID).
		Updates(map[string]any{"status": status, "invalid_reason": reason, "updated_at": now}).Error
	if err != nil {
		return fmt.Errorf("storage: set bid %d %s: %w", bidID, status, err)
	}
	return nil
}
