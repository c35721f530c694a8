package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/credit"
)

// NextInspectionID implements credit.Records.
func (s *DB) NextInspectionID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.WithContext(ctx).Raw("SELECT nextval(pg_get_serial_sequence('inspections', 'id'))").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("storage: next inspection id: %w", err)
	}
	return id, nil
}

// InspectionPool implements credit.Records: agencies that are active or
// suspended (exited and blacklisted agencies are not inspected), offering
// the item and in the region when these are given, in ascending id order.
func (s *DB) InspectionPool(ctx context.Context, itemCode, region string) ([]int64, error) {
	q := agenciesWithProfiles(s.db.WithContext(ctx)).Where("a.role = 'agency' AND a.status IN ('active', 'suspended')")
	if itemCode != "" {
		q = q.Where("EXISTS (SELECT 1 FROM agency_items i WHERE i.agency_id = a.id AND i.item_code = ?)", itemCode)
	}
	if region != "" {
		q = q.Where("p.region LIKE ?", escapeLike(region)+"%") // a province covers its cities, as in the directory
	}
	var ids []int64
	if err := q.Order("a.id").Pluck("a.id", &ids).Error; err != nil {
		return nil, fmt.Errorf("storage: inspection pool: %w", err)
	}
	return ids, nil
}

// CreateInspection implements credit.Records.
func (s *DB) CreateInspection(ctx context.Context, in *credit.Inspection) error {
	db := s.db.WithContext(ctx)
	inspectors, _ := json.Marshal(in.Inspectors)
	err := db.Create(&inspectionInsert{ID: in.ID, DepartmentID: in.DepartmentID, ItemCode: in.ItemCode, Region: in.Region,
		SampleSize: in.SampleSize, Inspectors: string(inspectors), InspectorsPerAgency: in.InspectorsPerAgency,
		PoolIDs: inspectionIDsText(in.PoolIDs), Seed: in.Seed, CreatedAt: in.CreatedAt}).Error
	if err != nil {
		return fmt.Errorf("storage: create inspection: %w", err)
	}
	if len(in.Targets) == 0 {
		return nil
	}
	rows := make([]inspectionTargetInsert, len(in.Targets))
	for i, t := range in.Targets {
		names, _ := json.Marshal(t.Inspectors)
		rows[i] = inspectionTargetInsert{InspectionID: in.ID, Position: t.Position, AgencyID: t.AgencyID, Inspectors: string(names)}
	}
	if err := db.CreateInBatches(rows, insertBatch).Error; err != nil {
		return fmt.Errorf("storage: create inspection targets: %w", err)
	}
	return nil
}

// inspectionInsert is a new inspection. Its id was drawn first
// (NextInspectionID): the seed is computed from it.
type inspectionInsert struct {
	ID                  int64 `gorm:"primaryKey;autoIncrement:false"`
	DepartmentID        int64
	ItemCode            string
	Region              string
	SampleSize          int
	Inspectors          string `gorm:"type:jsonb"`
	InspectorsPerAgency int
	PoolIDs             string `gorm:"type:bigint[]"`
	Seed                string
	CreatedAt           time.Time `gorm:"autoCreateTime:false"`
}

func (inspectionInsert) TableName() string { return "inspections" }

// inspectionTargetInsert is one drawn agency of a new inspection.
type inspectionTargetInsert struct {
	InspectionID int64
	Position     int
	AgencyID     int64
	Inspectors   string `gorm:"type:jsonb"`
}

func (inspectionTargetInsert) TableName() string { return "inspection_targets" }

type inspectionRow struct {
	ID                  int64
	DepartmentID        int64
	ItemCode            string
	Region              string
	SampleSize          int
	Inspectors          string
	InspectorsPerAgency int
	PoolIDs             string
	Seed                string
	CreatedAt           time.Time
}

type inspectionTargetRow struct {
	InspectionID  int64
	Position      int
	AgencyID      int64
	Inspectors    string
	Result        string
	Findings      string
	RecordedAt    *time.Time
	CreditEventID *int64
}

func (r *inspectionTargetRow) toDomain() *credit.InspectionTarget {
	t := &credit.InspectionTarget{Position: r.Position, AgencyID: r.AgencyID, Result: r.Result, Findings: r.Findings,
		RecordedAt: r.RecordedAt, CreditEventID: r.CreditEventID, Inspectors: []string{}}
	_ = json.Unmarshal([]byte(r.Inspectors), &t.Inspectors)
	return t
}

func (s *DB) loadInspections(ctx context.Context, rows []inspectionRow) ([]*credit.Inspection, error) {
	out := make([]*credit.Inspection, len(rows))
	byID := map[int64]*credit.Inspection{}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		in := &credit.Inspection{ID: r.ID, DepartmentID: r.DepartmentID, ItemCode: r.ItemCode, Region: r.Region,
			SampleSize: r.SampleSize, InspectorsPerAgency: r.InspectorsPerAgency, PoolIDs: parseInspectionIDs(r.PoolIDs),
			Seed: r.Seed, CreatedAt: r.CreatedAt.UTC(), Algorithm: credit.InspectionAlgorithm,
			Inspectors: []string{}, Targets: []*credit.InspectionTarget{}}
		_ = json.Unmarshal([]byte(r.Inspectors), &in.Inspectors)
		in.SeedInput = credit.InspectionSeedInput(in.ID, in.CreatedAt, in.PoolIDs)
		out[i], byID[r.ID], ids[i] = in, in, r.ID
	}
	if len(ids) == 0 {
		return out, nil
	}
	var targets []inspectionTargetRow
	err := inspectionTargetsQuery(s.db.WithContext(ctx)).Where("inspection_id IN ?", ids).Order("inspection_id, position").Scan(&targets).Error
	if err != nil {
		return nil, fmt.Errorf("storage: inspection targets: %w", err)
	}
	for i := range targets {
		in := byID[targets[i].InspectionID]
		in.Targets = append(in.Targets, targets[i].toDomain())
	}
	return out, nil
}

// inspectionsQuery reads inspections, their JSON and array columns as text.
func inspectionsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("inspections").Select(`id, department_id, item_code, region, sample_size, inspectors::text AS inspectors,
	inspectors_per_agency, array_to_string(pool_ids, ',') AS pool_ids, seed, created_at`)
}

// inspectionTargetsQuery reads inspection targets, their inspectors as text.
func inspectionTargetsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("inspection_targets").Select(`inspection_id, position, agency_id, inspectors::text AS inspectors, result, findings,
		recorded_at, credit_event_id`)
}

// FindInspection implements credit.Records.
func (s *DB) FindInspection(ctx context.Context, id int64) (*credit.Inspection, error) {
	var rows []inspectionRow
	if err := inspectionsQuery(s.db.WithContext(ctx)).Where("id = ?", id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find inspection %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, credit.ErrInspectionNotFound
	}
	out, err := s.loadInspections(ctx, rows)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// FindInspections implements credit.Records.
func (s *DB) FindInspections(ctx context.Context, p domain.Page) ([]*credit.Inspection, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Table("inspections").Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count inspections: %w", err)
	}
	var rows []inspectionRow
	err := inspectionsQuery(s.db.WithContext(ctx)).Order("created_at DESC, id DESC").Limit(p.PerPage).Offset(p.Offset()).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find inspections: %w", err)
	}
	out, err := s.loadInspections(ctx, rows)
	return out, int(total), err
}

// LockInspectionTarget implements credit.Records.
func (s *DB) LockInspectionTarget(ctx context.Context, inspectionID, agencyID int64) (*credit.InspectionTarget, error) {
	var rows []inspectionTargetRow
	err := inspectionTargetsQuery(s.db.WithContext(ctx)).Where("inspection_id = ? AND agency_id = ?", inspectionID, agencyID).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: lock inspection target: %w", err)
	}
	if len(rows) == 0 {
		return nil, credit.ErrInspectionNotFound
	}
	return rows[0].toDomain(), nil
}

// UpdateInspectionTarget implements credit.Records.
func (s *DB) UpdateInspectionTarget(ctx context.Context, inspectionID int64, t *credit.InspectionTarget) error {
	err := s.db.WithContext(ctx).Table("inspection_targets").Where("inspection_id = ? AND agency_id = ?", inspectionID, t.AgencyID).
		Updates(map[string]any{"result": t.Result, "findings": t.Findings, "recorded_at": t.RecordedAt, "credit_event_id": t.CreditEventID}).Error
	if err != nil {
		return fmt.Errorf("storage: update inspection target: %w", err)
	}
	return nil
}

// inspectionIDsText renders ids as a PostgreSQL array literal (passed as text:
// the driver has no array type here).
func inspectionIDsText(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func parseInspectionIDs(s string) []int64 {
	out := []int64{}
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}
