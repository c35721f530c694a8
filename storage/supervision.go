package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
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

func (r *riskFlagRow) toDomain() (*domain.RiskFlag, error) {
	f := &domain.RiskFlag{ID: r.ID, Indicator: r.Indicator, Severity: r.Severity, ProjectID: r.ProjectID, OwnerID: r.OwnerID,
		AgencyIDs: parseIDs(r.AgencyIDs), Region: r.Region, Key: r.Key, Summary: r.Summary, SummaryText: r.SummaryText, Source: r.Source,
		DetectedAt: r.DetectedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Evidence: map[string]any{}}
	if err := json.Unmarshal([]byte(r.Evidence), &f.Evidence); err != nil {
		return nil, fmt.Errorf("storage: risk flag %d evidence: %w", r.ID, err)
	}
	return f, nil
}

const riskFlagSelect = `SELECT id, indicator, severity, project_id, owner_id, array_to_string(agency_ids, ',') AS agency_ids,
	region, key, summary, summary_text, evidence::text AS evidence, source, detected_at, updated_at FROM risk_flags `

var errRiskFlagNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "risk_not_found", Message: "No risk flag with this id is visible to you."}

// SaveRiskFlag implements domain.RiskStore: the key makes recomputation an
// update (severity and evidence may have grown), never a duplicate.
func (s *DB) SaveRiskFlag(ctx context.Context, f *domain.RiskFlag, now time.Time) (bool, error) {
	ev, err := marshalEvidence(f.Evidence)
	if err != nil {
		return false, fmt.Errorf("storage: risk flag evidence: %w", err)
	}
	var out struct {
		ID       int64
		Inserted bool
	}
	err = s.db.WithContext(ctx).Raw(`INSERT INTO risk_flags (indicator, severity, project_id, owner_id, agency_ids, region, key, summary,
		evidence, source, detected_at, updated_at, summary_text) VALUES (?, ?, ?, ?, ?::bigint[], ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb)
		ON CONFLICT (key) DO UPDATE SET severity = EXCLUDED.severity, agency_ids = EXCLUDED.agency_ids, summary = EXCLUDED.summary, summary_text = EXCLUDED.summary_text,
			evidence = EXCLUDED.evidence, updated_at = EXCLUDED.updated_at
		RETURNING id, (xmax = 0) AS inserted`,
		f.Indicator, f.Severity, f.ProjectID, f.OwnerID, int64Array(f.AgencyIDs), f.Region, f.Key, f.Summary, ev, f.Source, now, now, f.SummaryText).Scan(&out).Error
	if err != nil {
		return false, fmt.Errorf("storage: save risk flag %s: %w", f.Key, err)
	}
	f.ID = out.ID
	return out.Inserted, nil
}

// FindRiskFlag implements domain.RiskStore.
func (s *DB) FindRiskFlag(ctx context.Context, id int64) (*domain.RiskFlag, error) {
	var rows []riskFlagRow
	if err := s.db.WithContext(ctx).Raw(riskFlagSelect+"WHERE id = ?", id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find risk flag %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errRiskFlagNotFound
	}
	return rows[0].toDomain()
}

// FindRiskFlags implements domain.RiskStore: most severe first, then newest.
func (s *DB) FindRiskFlags(ctx context.Context, f domain.RiskFilter) ([]*domain.RiskFlag, int, error) {
	where, args := "WHERE true", []any{}
	add := func(cond string, a ...any) { where += " AND " + cond; args = append(args, a...) }
	if f.Indicator != "" {
		add("indicator = ?", f.Indicator)
	}
	if f.ProjectID != 0 {
		add("project_id = ?", f.ProjectID)
	}
	if f.AgencyID != 0 {
		add("agency_ids @> ARRAY[?]::bigint[]", f.AgencyID)
	}
	if f.OwnerID != 0 {
		add("owner_id = ?", f.OwnerID)
	}
	if f.From != nil {
		add("detected_at >= ?", *f.From)
	}
	if f.To != nil {
		add("detected_at < ?", *f.To)
	}
	if f.Restrict {
		// the rule of domain.CanSeeRiskFlag
		if f.ViewerRegion != "" {
			add("(owner_id = ? OR starts_with(region, ?))", f.ViewerID, f.ViewerRegion)
		} else {
			add("owner_id = ?", f.ViewerID)
		}
	}
	var total int64
	if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM risk_flags "+where, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count risk flags: %w", err)
	}
	var rows []riskFlagRow
	err := s.db.WithContext(ctx).Raw(riskFlagSelect+where+" ORDER BY severity DESC, detected_at DESC, id DESC LIMIT ? OFFSET ?",
		append(args, f.Page.PerPage, f.Page.Offset())...).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find risk flags: %w", err)
	}
	out := make([]*domain.RiskFlag, len(rows))
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

func (r *riskCaseRow) toDomain() *domain.RiskCase {
	c := &domain.RiskCase{ID: r.ID, FlagID: r.FlagID, OpenedBy: r.OpenedBy, Status: r.Status, Conclusion: r.Conclusion,
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

// CreateRiskCase implements domain.RiskStore.
func (s *DB) CreateRiskCase(ctx context.Context, c *domain.RiskCase) error {
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

// FindRiskCase implements domain.RiskStore.
func (s *DB) FindRiskCase(ctx context.Context, id int64, forUpdate bool) (*domain.RiskCase, error) {
	q := "SELECT * FROM risk_cases WHERE id = ?"
	if forUpdate {
		q += " FOR UPDATE"
	}
	var rows []riskCaseRow
	if err := s.db.WithContext(ctx).Raw(q, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find risk case %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, errRiskCaseNotFound
	}
	return rows[0].toDomain(), nil
}

// FindRiskCasesOfFlag implements domain.RiskStore.
func (s *DB) FindRiskCasesOfFlag(ctx context.Context, flagID int64) ([]*domain.RiskCase, error) {
	var rows []riskCaseRow
	if err := s.db.WithContext(ctx).Where("flag_id = ?", flagID).Order("id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: risk cases of flag %d: %w", flagID, err)
	}
	out := make([]*domain.RiskCase, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// UpdateRiskCase implements domain.RiskStore.
func (s *DB) UpdateRiskCase(ctx context.Context, c *domain.RiskCase) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE risk_cases SET status = ?, conclusion = ?, violation_id = ?, closed_by = ?, closed_at = ? WHERE id = ?`,
		c.Status, c.Conclusion, c.ViolationID, c.ClosedBy, c.ClosedAt, c.ID).Error
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

// CreateRiskCaseNote implements domain.RiskStore.
func (s *DB) CreateRiskCaseNote(ctx context.Context, n *domain.RiskCaseNote) error {
	r := riskNoteRow{CaseID: n.CaseID, AuthorID: n.AuthorID, Body: n.Body, At: n.At}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create risk case note: %w", err)
	}
	n.ID = r.ID
	return nil
}

// FindRiskCaseNotes implements domain.RiskStore.
func (s *DB) FindRiskCaseNotes(ctx context.Context, caseID int64) ([]*domain.RiskCaseNote, error) {
	var rows []riskNoteRow
	err := s.db.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&rows).Error
	if err != nil && err != gorm.ErrRecordNotFound {
		return nil, fmt.Errorf("storage: notes of risk case %d: %w", caseID, err)
	}
	out := make([]*domain.RiskCaseNote, len(rows))
	for i, r := range rows {
		out[i] = &domain.RiskCaseNote{ID: r.ID, CaseID: r.CaseID, AuthorID: r.AuthorID, Body: r.Body, At: r.At.UTC()}
	}
	return out, nil
}
