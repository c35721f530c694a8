package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"marketplace/domain"
)

// FindInvestmentPurchases implements domain.InvestmentStore. A result is
// read only from a project whose award stands (domain.AwardHoldingStatuses).
func (s *DB) FindInvestmentPurchases(ctx context.Context, code string) ([]*domain.InvestmentPurchase, error) {
	var rows []struct {
		ID          int64
		Title       string
		ItemCode    string
		ItemName    string
		OwnerName   string
		Status      string
		PublishedAt *time.Time
		ClosesAt    time.Time
		Result      *string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT p.id, p.title, p.item_code, c.name AS item_name, o.name AS owner_name,
			p.status, p.published_at, p.closes_at, CASE WHEN p.status IN ? THEN p.result::text END AS result
		FROM projects p JOIN accounts o ON o.id = p.owner_id JOIN catalogue_items c ON c.code = p.item_code
		WHERE p.investment_project_code = ? AND p.status <> 'draft'
		ORDER BY p.published_at, p.id`, domain.AwardHoldingStatuses, code).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: purchases of investment project %s: %w", code, err)
	}
	out := make([]*domain.InvestmentPurchase, len(rows))
	for i, r := range rows {
		p := &domain.InvestmentPurchase{ProjectID: r.ID, Title: r.Title, ItemCode: r.ItemCode, ItemName: r.ItemName,
			OwnerName: r.OwnerName, Status: r.Status, PublishedAt: utcPtr(r.PublishedAt), ClosesAt: r.ClosesAt.UTC()}
		if r.Result != nil {
			var res domain.Result
			if err := json.Unmarshal([]byte(*r.Result), &res); err != nil {
				return nil, fmt.Errorf("storage: result of project %d: %w", r.ID, err)
			}
			if res.AgencyID != 0 {
				p.AgencyID, p.AgencyName, p.Price = &res.AgencyID, &res.AgencyName, &res.Price
			}
		}
		out[i] = p
	}
	return out, nil
}

// FindStageConflict implements domain.InvestmentStore in one indexed
// statement (projects by investment code, then the pair table).
func (s *DB) FindStageConflict(ctx context.Context, agencyID int64, p *domain.Project) (*domain.StageConflict, *time.Time, error) {
	var rows []struct {
		ID          int64
		Title       string
		ItemCode    string
		PublishedAt *time.Time
	}
	err := s.db.WithContext(ctx).Raw(`SELECT o.id, o.title, o.item_code, o.published_at FROM projects o
		JOIN catalogue_item_conflicts c ON (c.item_a = ? AND c.item_b = o.item_code) OR (c.item_b = ? AND c.item_a = o.item_code)
		WHERE o.investment_project_code = ? AND o.awarded_agency_id = ? AND o.id <> ? AND o.status IN ?
		ORDER BY o.id LIMIT 1`, p.ItemCode, p.ItemCode, p.InvestmentProjectCode, agencyID, p.ID,
		domain.AwardHoldingStatuses).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("storage: stage conflict of %d on %d: %w", agencyID, p.ID, outage(err))
	}
	if len(rows) == 0 {
		return nil, nil, nil
	}
	r := rows[0]
	return &domain.StageConflict{ProjectID: r.ID, Title: r.Title, ItemCode: r.ItemCode}, utcPtr(r.PublishedAt), nil
}

// FindStagePairHoldings implements domain.InvestmentStore.
func (s *DB) FindStagePairHoldings(ctx context.Context, since time.Time) ([]domain.StagePairHolding, error) {
	var rows []struct {
		Code               string
		ProjectA, ProjectB int64
		ItemA, ItemB       string
		OwnerID            int64
		Region             string
		AgencyA, AgencyB   int64
		NameA, NameB       string
		LegalA, LegalB     string
		PhoneA, PhoneB     string
		EmailA, EmailB     string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT a.investment_project_code AS code, a.id AS project_a, b.id AS project_b,
			a.item_code AS item_a, b.item_code AS item_b, b.owner_id, b.region,
			x.id AS agency_a, y.id AS agency_b, x.name AS name_a, y.name AS name_b,
			x.legal_representative AS legal_a, y.legal_representative AS legal_b,
			x.contact_phone AS phone_a, y.contact_phone AS phone_b, x.email AS email_a, y.email AS email_b
		FROM projects a
		JOIN projects b ON b.investment_project_code = a.investment_project_code AND b.id > a.id
		JOIN catalogue_item_conflicts c ON (c.item_a = a.item_code AND c.item_b = b.item_code) OR (c.item_a = b.item_code AND c.item_b = a.item_code)
		JOIN accounts x ON x.id = a.awarded_agency_id
		JOIN accounts y ON y.id = b.awarded_agency_id
		WHERE a.investment_project_code <> '' AND x.id <> y.id AND a.status IN ? AND b.status IN ?
		  AND greatest(a.closed_at, b.closed_at) >= ?
		ORDER BY a.id, b.id`, domain.AwardHoldingStatuses, domain.AwardHoldingStatuses, since).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: stage pair holdings: %w", err)
	}
	out := make([]domain.StagePairHolding, len(rows))
	for i, r := range rows {
		out[i] = domain.StagePairHolding{Code: r.Code, ProjectA: r.ProjectA, ProjectB: r.ProjectB, ItemA: r.ItemA, ItemB: r.ItemB,
			OwnerID: r.OwnerID, Region: r.Region,
			AgencyA: domain.RiskAgency{ID: r.AgencyA, Name: r.NameA, LegalRepresentative: r.LegalA, ContactPhone: r.PhoneA, Email: r.EmailA},
			AgencyB: domain.RiskAgency{ID: r.AgencyB, Name: r.NameB, LegalRepresentative: r.LegalB, ContactPhone: r.PhoneB, Email: r.EmailB}}
	}
	return out, nil
}
