package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/agency"
)

// The credit columns. The credit rules keep them current; this file is the
// only place that reads them (FindAgencyCredit for one agency, the
// directory query for filtering and sorting), so the switch-over to real
// scores needs no change here.
const (
	creditScoreColumn = "p.credit_score"
	creditGradeColumn = "p.credit_grade"
	creditColumns     = creditScoreColumn + " AS credit_score, " + creditGradeColumn + " AS credit_grade"
)

// FindAgencyCredit implements agency.ProfileStore.
func (s *DB) FindAgencyCredit(ctx context.Context, agencyID int64) (agency.CreditSummary, error) {
	var rows []agency.CreditSummary
	err := s.db.WithContext(ctx).Table("agency_profiles p").Select(creditColumns).
		Where("p.account_id = ?", agencyID).Scan(&rows).Error
	if err != nil {
		return agency.CreditSummary{}, fmt.Errorf("storage: find credit of agency %d: %w", agencyID, err)
	}
	if len(rows) == 0 {
		return agency.CreditSummary{}, agency.ErrNotFound
	}
	return rows[0], nil
}

// FindAgencyCredits implements agency.ProfileStore: one statement for every
// agency asked.
func (s *DB) FindAgencyCredits(ctx context.Context, agencyIDs []int64) (map[int64]agency.CreditSummary, error) {
	out := make(map[int64]agency.CreditSummary, len(agencyIDs))
	if len(agencyIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		AccountID int64
		agency.CreditSummary
	}
	err := s.db.WithContext(ctx).Table("agency_profiles p").Select("p.account_id, "+creditColumns).
		Where("p.account_id = ANY(CAST(? AS bigint[]))", int64Array(agencyIDs)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find credit of %d agencies: %w", len(agencyIDs), err)
	}
	for _, r := range rows {
		out[r.AccountID] = r.CreditSummary
	}
	return out, nil
}

type agencyRow struct {
	ID                  int64
	Name                string
	USCC                *string
	LegalRepresentative string
	ContactPhone        string
	Email               string
	Status              string
	CreatedAt           time.Time
	Description         string
	OfficeAddress       string
	Region              string
	Website             string
	StaffCount          *int
	ContactName         string
	ContactPublic       bool
	ExitedAt            *time.Time
	CreditScore         int
	CreditGrade         string
	Items               string
	ItemNames           string
	Completed           int
	Evals               int
	Average             *float64
	HasQualifications   bool
	HasAffiliations     bool
}

// agencyColumns read an agency (a, with its profile p) with its items and
// figures in one query; qualifications and affiliations are read only when
// there are any.
const agencyColumns = `a.id, a.name, a.uscc, a.legal_representative, a.contact_phone, a.email, a.status, a.created_at,
	p.description, p.office_address, p.region, p.website, p.staff_count, p.contact_name, p.contact_public, p.exited_at,
	` + creditColumns + `,
	COALESCE((SELECT string_agg(i.item_code, ',' ORDER BY i.item_code) FROM agency_items i WHERE i.agency_id = a.id), '') AS items,
	COALESCE((SELECT json_object_agg(c.code, c.name) FROM agency_items i JOIN catalogue_items c ON c.code = i.item_code
		WHERE i.agency_id = a.id), '{}')::text AS item_names,
	(SELECT count(*) FROM projects j WHERE j.awarded_agency_id = a.id AND j.status = 'completed') AS completed,
	(SELECT count(*) FROM evaluations e WHERE e.agency_id = a.id) AS evals,
	(SELECT round(avg((e.quality + e.timeliness + e.attitude + e.fee) / 4.0), 2)::float8 FROM evaluations e WHERE e.agency_id = a.id) AS average,
	EXISTS (SELECT 1 FROM qualifications q WHERE q.agency_id = a.id) AS has_qualifications,
	EXISTS (SELECT 1 FROM affiliations f WHERE f.agency_id = a.id AND f.ended_at IS NULL) AS has_affiliations`

// FindAgency implements agency.ProfileStore.
func (s *DB) FindAgency(ctx context.Context, id int64, forUpdate bool) (*agency.Agency, error) {
	q := s.db.WithContext(ctx).Table("accounts a").Joins("JOIN agency_profiles p ON p.account_id = a.id").
		Select(agencyColumns).Where("a.id = ? AND a.role = 'agency'", id)
	q = q.Scopes(forUpdateIf(forUpdate, "a", "p"))
	var rows []agencyRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find agency %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, agency.ErrNotFound
	}
	r := rows[0]
	a := &agency.Agency{ID: r.ID, Name: r.Name, LegalRepresentative: r.LegalRepresentative, ContactPhone: r.ContactPhone,
		Email: r.Email, Status: r.Status, CreatedAt: r.CreatedAt, Description: r.Description, OfficeAddress: r.OfficeAddress,
		Region: r.Region, Website: r.Website, StaffCount: r.StaffCount, ContactName: r.ContactName,
		ContactPublic: r.ContactPublic, ExitedAt: r.ExitedAt,
		CreditSummary:     agency.CreditSummary{CreditScore: r.CreditScore, CreditGrade: r.CreditGrade},
		CompletedProjects: r.Completed, EvaluationCount: r.Evals, AverageEvaluation: r.Average,
		ServiceItems: []string{}, Qualifications: []*agency.Qualification{}, Affiliations: []*agency.Affiliation{}}
	if r.USCC != nil {
		a.USCC = *r.USCC
	}
	if r.Items != "" {
		a.ServiceItems = strings.Split(r.Items, ",")
	}
	if err := json.Unmarshal([]byte(r.ItemNames), &a.ItemNames); err != nil {
		return nil, fmt.Errorf("storage: item names of agency %d: %w", id, err)
	}
	var err error
	if r.HasQualifications {
		if a.Qualifications, err = s.FindQualifications(ctx, id, ""); err != nil {
			return nil, err
		}
	}
	if r.HasAffiliations {
		if a.Affiliations, err = s.findAffiliations(ctx, id); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// updateAgencyProfileSQL: queries/agency_profile_update.sql.
var updateAgencyProfileSQL = loadQuery("agency_profile_update")

// UpdateAgencyProfile implements agency.ProfileStore: profile, contact
// phone and items in one statement (data-modifying CTEs).
func (s *DB) UpdateAgencyProfile(ctx context.Context, a *agency.Agency) error {
	err := s.db.WithContext(ctx).Exec(updateAgencyProfileSQL,
		map[string]any{"id": a.ID, "description": a.Description, "office": a.OfficeAddress, "region": a.Region,
			"website": a.Website, "staff": a.StaffCount, "contact_name": a.ContactName, "public": a.ContactPublic,
			"phone": a.ContactPhone, "items": textArray(a.ServiceItems)}).Error
	if err != nil {
		return fmt.Errorf("storage: update agency profile %d: %w", a.ID, err)
	}
	return nil
}

// SetAgencyExited implements agency.ProfileStore.
func (s *DB) SetAgencyExited(ctx context.Context, agencyID int64, t time.Time) error {
	db := s.db.WithContext(ctx)
	if err := db.Table("accounts").Where("id = ?", agencyID).
		Updates(map[string]any{"status": domain.StatusExited, "updated_at": gorm.Expr("clock_timestamp()")}).Error; err != nil {
		return fmt.Errorf("storage: exit agency %d: %w", agencyID, err)
	}
	if err := db.Table("agency_profiles").Where("account_id = ?", agencyID).
		Updates(map[string]any{"exited_at": t, "updated_at": gorm.Expr("clock_timestamp()")}).Error; err != nil {
		return fmt.Errorf("storage: exit agency %d: %w", agencyID, err)
	}
	return nil
}

// SetAgencyRejoined implements agency.ProfileStore.
func (s *DB) SetAgencyRejoined(ctx context.Context, agencyID int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Table("accounts").Where("id = ? AND status = 'exited'", agencyID).
		Updates(map[string]any{"status": domain.StatusActive, "updated_at": gorm.Expr("clock_timestamp()")}).Error; err != nil {
		return fmt.Errorf("storage: rejoin agency %d: %w", agencyID, err)
	}
	if err := db.Table("agency_profiles").Where("account_id = ?", agencyID).
		Updates(map[string]any{"exited_at": nil, "updated_at": gorm.Expr("clock_timestamp()")}).Error; err != nil {
		return fmt.Errorf("storage: rejoin agency %d: %w", agencyID, err)
	}
	return nil
}

// openEngagementsSQL: queries/agency_open_engagements.sql.
var openEngagementsSQL = loadQuery("agency_open_engagements")

// FindOpenEngagements implements agency.ProfileStore.
func (s *DB) FindOpenEngagements(ctx context.Context, agencyID int64) ([]agency.OpenEngagement, error) {
	var rows []struct {
		ProjectID int64
		Kind      string
		Status    string
	}
	err := s.db.WithContext(ctx).Raw(openEngagementsSQL, map[string]any{"id": agencyID}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: open engagements of agency %d: %w", agencyID, err)
	}
	out := make([]agency.OpenEngagement, len(rows))
	for i, r := range rows {
		out[i] = agency.OpenEngagement{ProjectID: r.ProjectID, Kind: r.Kind, Status: r.Status}
	}
	return out, nil
}

// FindDepartments implements agency.ProfileStore.
func (s *DB) FindDepartments(ctx context.Context, p domain.Page) ([]*agency.Department, int, error) {
	departments := func() *gorm.DB { return s.db.WithContext(ctx).Table("accounts").Where("role = 'department'") }
	var total int64
	if err := departments().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count departments: %w", err)
	}
	var out []*agency.Department
	err := departments().Select("id, name, region, level").Order("name, id").Limit(p.PerPage).Offset(p.Offset()).Scan(&out).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find departments: %w", err)
	}
	return out, int(total), nil
}

// textArray renders strings as a PostgreSQL text[] literal, passed as text
// (gorm expands Go slices into lists, which ANY(?) cannot take).
func textArray(ss []string) string {
	b := []byte{'{'}
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		for _, r := range []byte(s) {
			if r == '"' || r == '\\' {
				b = append(b, '\\')
			}
			b = append(b, r)
		}
		b = append(b, '"')
	}
	return string(append(b, '}'))
}
