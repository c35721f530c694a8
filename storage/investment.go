package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
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
	err := projectsJoined(s.db.WithContext(ctx)).
		Select(`p.id, p.title, p.item_code, c.name AS item_name, o.name AS owner_name, p.status, p.published_at, p.closes_at,
			CASE WHEN p.status IN ? THEN p.result::text END AS result`, domain.AwardHoldingStatuses).
		Where("p.investment_project_code = ? AND p.status <> 'draft'", code).Order("p.published_at, p.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: purchases of investment project %s: %w", code, err)
	}
	out := make([]*domain.InvestmentPurchase, len(rows))
	for i, r := range rows {
		p := &domain.InvestmentPurchase{ProjectID: r.ID, Title: r.Title, ItemCode: r.ItemCode, ItemName: r.ItemName,
			OwnerName: r.OwnerName, Status: r.Status, PublishedAt: utcPtr(r.PublishedAt), ClosesAt: r.ClosesAt.UTC()}
		if r.Result != nil {
			var res market.Result
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
func (s *DB) FindStageConflict(ctx context.Context, agencyID int64, p *market.Project) (*domain.StageConflict, *time.Time, error) {
	var rows []struct {
		ID          int64
		Title       string
		ItemCode    string
		PublishedAt *time.Time
	}
	err := s.db.WithContext(ctx).Table("projects o").
		Joins("JOIN catalogue_item_conflicts c ON (c.item_a = ? AND c.item_b = o.item_code) OR (c.item_b = ? AND c.item_a = o.item_code)",
			p.ItemCode, p.ItemCode).
		Select("o.id, o.title, o.item_code, o.published_at").
		Where("o.investment_project_code = ? AND o.awarded_agency_id = ? AND o.id <> ? AND o.status IN ?",
			p.InvestmentProjectCode, agencyID, p.ID, domain.AwardHoldingStatuses).
		Order("o.id").Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("storage: stage conflict of %d on %d: %w", agencyID, p.ID, outage(err))
	}
	if len(rows) == 0 {
		return nil, nil, nil
	}
	r := rows[0]
	return &domain.StageConflict{ProjectID: r.ID, Title: r.Title, ItemCode: r.ItemCode}, utcPtr(r.PublishedAt), nil
}

// stagePairHoldingsSQL joins projects to themselves, the conflict pairs
// and both agencies (queries/investment_stage_pair_holdings.sql).
var stagePairHoldingsSQL = loadQuery("investment_stage_pair_holdings")

// FindStagePairHoldings implements domain.InvestmentStore.
func (s *DB) FindStagePairHoldings(ctx context.Context, since time.Time) ([]supervision.StagePairHolding, error) {
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
	err := s.db.WithContext(ctx).Raw(stagePairHoldingsSQL, sql.Named("holding", domain.AwardHoldingStatuses),
		sql.Named("since", since)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: stage pair holdings: %w", err)
	}
	out := make([]supervision.StagePairHolding, len(rows))
	for i, r := range rows {
		out[i] = supervision.StagePairHolding{Code: r.Code, ProjectA: r.ProjectA, ProjectB: r.ProjectB, ItemA: r.ItemA, ItemB: r.ItemB,
			OwnerID: r.OwnerID, Region: r.Region,
			AgencyA: supervision.RiskAgency{ID: r.AgencyA, Name: r.NameA, LegalRepresentative: r.LegalA, ContactPhone: r.PhoneA, Email: r.EmailA},
			AgencyB: supervision.RiskAgency{ID: r.AgencyB, Name: r.NameB, LegalRepresentative: r.LegalB, ContactPhone: r.PhoneB, Email: r.EmailB}}
	}
	return out, nil
}
