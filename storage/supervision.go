package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/supervision"
)

type riskFlagRow struct {
	ID          int64
	Indicator   string
	Severity    int
	ProjectID   *int64
	OwnerID     *int64
	AgencyIDs   string
	Region      string
	Key         string
	Summary     string
	SummaryText *domain.Text
	Evidence    string
	Source      string
	DetectedAt  time.Time
	UpdatedAt   time.Time
}

func (r *riskFlagRow) toDomain() (*supervision.RiskFlag, error) {
	f := &supervision.RiskFlag{ID: r.ID, Indicator: r.Indicator, Severity: r.Severity, ProjectID: r.ProjectID, OwnerID: r.OwnerID,
		AgencyIDs: parseIDs(r.AgencyIDs), Region: r.Region, Key: r.Key, Summary: r.Summary, SummaryText: r.SummaryText, Source: r.Source,
		DetectedAt: r.DetectedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Evidence: map[string]any{}}
	if err := json.Unmarshal([]byte(r.Evidence), &f.Evidence); err != nil {
		return nil, fmt.Errorf("storage: risk flag %d evidence: %w", r.ID, err)
	}
	return f, nil
}

// riskFlagsQuery reads risk flags, their array and JSON columns as text.
func riskFlagsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("risk_flags").Select(`id, indicator, severity, project_id, owner_id, array_to_string(agency_ids, ',') AS agency_ids,
	region, key, summary, summary_text, evidence::text AS evidence, source, detected_at, updated_at`)
}

var errRiskFlagNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "risk_not_found", Message: "No risk flag with this id is visible to you."}

// saveRiskFlagSQL: queries/risk_flag_save.sql.
var saveRiskFlagSQL = loadQuery("risk_flag_save")

// SaveRiskFlag implements supervision.RiskStore: the key makes recomputation an
// update (severity and evidence may have grown), never a duplicate.
func (s *DB) SaveRiskFlag(ctx context.Context, f *supervision.RiskFlag, now time.Time) (bool, error) {
	ev, err := marshalEvidence(f.Evidence)
	if err != nil {
		return false, fmt.Errorf("storage: risk flag evidence: %w", err)
	}
	var out struct {
		ID       int64
		Inserted bool
	}
	err = s.db.WithContext(ctx).Raw(saveRiskFlagSQL, map[string]any{
		"indicator": f.Indicator, "severity": f.Severity, "project": f.ProjectID, "owner": f.OwnerID,
		"agencies": int64Array(f.AgencyIDs), "region": f.Region, "key": f.Key, "summary": f.Summary, "evidence": ev,
		"source": f.Source, "now": now, "summary_text": f.SummaryText}).Scan(&out).Error
	if err != nil {
		return false, fmt.Errorf("storage: save risk flag %s: %w", f.Key, err)
	}
	f.ID = out.ID
	return out.Inserted, nil
}

// FindRiskFlag implements supervision.RiskStore.
func (s *DB) FindRiskFlag(ctx context.Context, id int64) (*supervision.RiskFlag, error) {
	var rows []riskFlagRow
	if err := riskFlagsQuery(s.db.WithContext(ctx)).Where("id = ?", id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find risk flag %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errRiskFlagNotFound
	}
	return rows[0].toDomain()
}

// riskFlagFilter narrows risk flags to those f selects.
func riskFlagFilter(f supervision.RiskFilter) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		if f.Indicator != "" {
			db = db.Where("indicator = ?", f.Indicator)
		}
		if f.ProjectID != 0 {
			db = db.Where("project_id = ?", f.ProjectID)
		}
		if f.AgencyID != 0 {
			db = db.Where("agency_ids @> ARRAY[?]::bigint[]", f.AgencyID)
		}
		if f.OwnerID != 0 {
			db = db.Where("owner_id = ?", f.OwnerID)
		}
		if f.From != nil {
			db = db.Where("detected_at >= ?", *f.From)
		}
		if f.To != nil {
			db = db.Where("detected_at < ?", *f.To)
		}
		if f.Restrict {
			// the rule of supervision.CanSeeRiskFlag
			if f.ViewerRegion != "" {
				db = db.Where("(owner_id = ? OR starts_with(region, ?))", f.ViewerID, f.ViewerRegion)
			} else {
				db = db.Where("owner_id = ?", f.ViewerID)
			}
		}
		return db
	}
}

// FindRiskFlags implements supervision.RiskStore: most severe first, then newest.
func (s *DB) FindRiskFlags(ctx context.Context, f supervision.RiskFilter) ([]*supervision.RiskFlag, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Table("risk_flags").Scopes(riskFlagFilter(f)).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count risk flags: %w", err)
	}
	var rows []riskFlagRow
	err := riskFlagsQuery(s.db.WithContext(ctx)).Scopes(riskFlagFilter(f)).Order("severity DESC, detected_at DESC, id DESC").
		Limit(f.Page.PerPage).Offset(f.Page.Offset()).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find risk flags: %w", err)
	}
	out := make([]*supervision.RiskFlag, len(rows))
	for i := range rows {
		if out[i], err = rows[i].toDomain(); err != nil {
			return nil, 0, err
		}
	}
	return out, int(total), nil
}

type riskCaseRow struct {
	ID          int64 `gorm:"primaryKey;->"`
	FlagID      int64
	OpenedBy    int64
	Status      string
	Conclusion  string
	ViolationID *int64
	OpenedAt    time.Time
	ClosedBy    *int64
	ClosedAt    *time.Time
}

func (riskCaseRow) TableName() string { return "risk_cases" }

func (r *riskCaseRow) toDomain() *supervision.RiskCase {
	c := &supervision.RiskCase{ID: r.ID, FlagID: r.FlagID, OpenedBy: r.OpenedBy, Status: r.Status, Conclusion: r.Conclusion,
		ViolationID: r.ViolationID, OpenedAt: r.OpenedAt.UTC(), ClosedBy: r.ClosedBy, ClosedAt: r.ClosedAt}
	if c.ClosedAt != nil {
		t := c.ClosedAt.UTC()
		c.ClosedAt = &t
	}
	return c
}

var (
	errRiskCaseNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "case_not_found", Message: "No case with this id is visible to you."}
	errRiskCaseOpen     = &domain.Error{Code: domain.ECONFLICT, Reason: "case_already_open", Message: "A case is already open on this flag."}
)

// CreateRiskCase implements supervision.RiskStore.
func (s *DB) CreateRiskCase(ctx context.Context, c *supervision.RiskCase) error {
	r := riskCaseRow{FlagID: c.FlagID, OpenedBy: c.OpenedBy, Status: c.Status, OpenedAt: c.OpenedAt}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		if constraintName(err) == "risk_cases_one_open" {
			return errRiskCaseOpen
		}
		return fmt.Errorf("storage: create risk case: %w", err)
	}
	c.ID = r.ID
	return nil
}

// FindRiskCase implements supervision.RiskStore.
func (s *DB) FindRiskCase(ctx context.Context, id int64, forUpdate bool) (*supervision.RiskCase, error) {
	q := s.db.WithContext(ctx).Model(&riskCaseRow{}).Where("id = ?", id)
	q = q.Scopes(forUpdateIf(forUpdate))
	var rows []riskCaseRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find risk case %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errRiskCaseNotFound
	}
	return rows[0].toDomain(), nil
}

// FindRiskCasesOfFlag implements supervision.RiskStore.
func (s *DB) FindRiskCasesOfFlag(ctx context.Context, flagID int64) ([]*supervision.RiskCase, error) {
	var rows []riskCaseRow
	if err := s.db.WithContext(ctx).Where("flag_id = ?", flagID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: risk cases of flag %d: %w", flagID, err)
	}
	out := make([]*supervision.RiskCase, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// UpdateRiskCase implements supervision.RiskStore.
func (s *DB) UpdateRiskCase(ctx context.Context, c *supervision.RiskCase) error {
	err := s.db.WithContext(ctx).Table("risk_cases").Where("id = ?", c.ID).Updates(map[string]any{
		"status": c.Status, "conclusion": c.Conclusion, "violation_id": c.ViolationID, "closed_by": c.ClosedBy, "closed_at": c.ClosedAt}).Error
	if err != nil {
		return fmt.Errorf("storage: update risk case %d: %w", c.ID, err)
	}
	return nil
}

type riskNoteRow struct {
	ID       int64 `gorm:"primaryKey;->"`
	CaseID   int64
	AuthorID int64
	Body     string
	At       time.Time
}

func (riskNoteRow) TableName() string { return "risk_case_notes" }

// CreateRiskCaseNote implements supervision.RiskStore.
func (s *DB) CreateRiskCaseNote(ctx context.Context, n *supervision.RiskCaseNote) error {
	r := riskNoteRow{CaseID: n.CaseID, AuthorID: n.AuthorID, Body: n.Body, At: n.At}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create risk case note: %w", err)
	}
	n.ID = r.ID
	return nil
}

// FindRiskCaseNotes implements supervision.RiskStore.
func (s *DB) FindRiskCaseNotes(ctx context.Context, caseID int64) ([]*supervision.RiskCaseNote, error) {
	var rows []riskNoteRow
	err := s.db.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&rows).Error
	if err != nil && err != gorm.ErrRecordNotFound {
		return nil, fmt.Errorf("storage: notes of risk case %d: %w", caseID, err)
	}
	out := make([]*supervision.RiskCaseNote, len(rows))
	for i, r := range rows {
		out[i] = &supervision.RiskCaseNote{ID: r.ID, CaseID: r.CaseID, AuthorID: r.AuthorID, Body: r.Body, At: r.At.UTC()}
	}
	return out, nil
}
