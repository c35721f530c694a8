package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/files"
)

// isUniqueViolation reports a unique-key violation, whether gorm translated
// it or not (errors met while scanning RETURNING rows are not translated).
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	return errors.Is(err, gorm.ErrDuplicatedKey) || (errors.As(err, &pg) && pg.Code == "23505")
}

// CreateFile implements agency.ProfileStore. Content addressing makes a
// second upload of the same bytes the same row.
func (s *DB) CreateFile(ctx context.Context, d files.Document) error {
	err := s.db.WithContext(ctx).Table("files").Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "sha256"}}, DoNothing: true}).
		Create(map[string]any{"sha256": d.SHA256, "media_type": d.MediaType, "size": d.Size}).Error
	if err != nil {
		return fmt.Errorf("storage: index file %s: %w", d.SHA256, err)
	}
	return nil
}

type qualificationRow struct {
	ID         int64
	AgencyID   int64
	ItemCode   string
	ItemName   string
	Number     string
	Issuer     string
	ValidFrom  time.Time
	ValidUntil time.Time
	FileSHA256 *string `gorm:"column:file_sha256"`
	FileName   string
	MediaType  *string
	Size       *int64
	Flagged    bool
	CreatedAt  time.Time
}

func (r *qualificationRow) toDomain() *agency.Qualification {
	q := &agency.Qualification{ID: r.ID, AgencyID: r.AgencyID, ItemCode: r.ItemCode, ItemName: r.ItemName, Number: r.Number, Issuer: r.Issuer,
		ValidFrom: r.ValidFrom.Format(domain.DateLayout), ValidUntil: r.ValidUntil.Format(domain.DateLayout),
		Flagged: r.Flagged, CreatedAt: r.CreatedAt}
	if r.FileSHA256 != nil && r.MediaType != nil && r.Size != nil {
		q.Document = &files.Document{SHA256: *r.FileSHA256, MediaType: *r.MediaType, Size: *r.Size, FileName: r.FileName}
	}
	return q
}

// qualificationsQuery reads qualifications (q) with their file, item name
// and whether they are flagged; callers add the WHERE and ORDER.
func qualificationsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("qualifications q").Joins("LEFT JOIN files f ON f.sha256 = q.file_sha256").
		Joins("LEFT JOIN catalogue_items ci ON ci.code = q.item_code").
		Select(`q.id, q.agency_id, q.item_code, COALESCE(ci.name, '') AS item_name, q.number, q.issuer,
	q.valid_from, q.valid_until, q.file_sha256, q.file_name, f.media_type, f.size, q.created_at,
	EXISTS (SELECT 1 FROM qualification_flags g WHERE g.qualification_id = q.id) AS flagged`)
}

// qualificationInsert is a new qualification; the database sets its id and
// created_at, read back with RETURNING.
type qualificationInsert struct {
	ID         int64 `gorm:"primaryKey;->"`
	AgencyID   int64
	ItemCode   string
	Number     string
	Issuer     string
	ValidFrom  string  `gorm:"type:date"`
	ValidUntil string  `gorm:"type:date"`
	FileSHA256 *string `gorm:"column:file_sha256"`
	FileName   string
	CreatedAt  time.Time `gorm:"->"`
}

func (qualificationInsert) TableName() string { return "qualifications" }

// returningIDCreatedAt reads back what the database set on an insert.
var returningIDCreatedAt = clause.Returning{Columns: []clause.Column{{Name: "id"}, {Name: "created_at"}}}

// CreateQualification implements agency.ProfileStore.
func (s *DB) CreateQualification(ctx context.Context, q *agency.Qualification) error {
	var sha *string
	name := ""
	if q.Document != nil {
		sha, name = &q.Document.SHA256, q.Document.FileName
	}
	out := qualificationInsert{AgencyID: q.AgencyID, ItemCode: q.ItemCode, Number: q.Number, Issuer: q.Issuer,
		ValidFrom: q.ValidFrom, ValidUntil: q.ValidUntil, FileSHA256: sha, FileName: name}
	err := s.db.WithContext(ctx).Clauses(returningIDCreatedAt).Create(&out).Error
	if isUniqueViolation(err) {
		return agency.ErrDuplicateQualification
	} else if err != nil {
		return fmt.Errorf("storage: create qualification: %w", err)
	}
	q.ID, q.CreatedAt = out.ID, out.CreatedAt
	return nil
}

// FindQualification implements agency.ProfileStore.
func (s *DB) FindQualification(ctx context.Context, id int64, forUpdate bool) (*agency.Qualification, error) {
	q := qualificationsQuery(s.db.WithContext(ctx)).Where("q.id = ?", id)
	q = q.Scopes(forUpdateIf(forUpdate, "q"))
	var rows []qualificationRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find qualification %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, agency.ErrQualificationNotFound
	}
	return rows[0].toDomain(), nil
}

// FindQualifications implements agency.ProfileStore: all of an agency's
// qualifications, or those for one item when itemCode is set.
func (s *DB) FindQualifications(ctx context.Context, agencyID int64, itemCode string) ([]*agency.Qualification, error) {
	var rows []qualificationRow
	q := qualificationsQuery(s.db.WithContext(ctx)).Where("q.agency_id = ?", agencyID)
	if itemCode == "" {
		q = q.Order("q.item_code, q.valid_until DESC, q.id")
	} else {
		q = q.Where("q.item_code = ?", itemCode).Order("q.valid_until DESC, q.id")
	}
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find qualifications of agency %d: %w", agencyID, err)
	}
	out := make([]*agency.Qualification, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// DeleteQualification implements agency.ProfileStore.
func (s *DB) DeleteQualification(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Table("qualifications").Where("id = ?", id).Delete(nil).Error; err != nil {
		return fmt.Errorf("storage: delete qualification %d: %w", id, err)
	}
	return nil
}

type qualificationFlagInsert struct {
	ID              int64 `gorm:"primaryKey;->"`
	QualificationID int64
	FlaggedBy       int64
	Evidence        string
	CreatedAt       time.Time `gorm:"->"`
}

func (qualificationFlagInsert) TableName() string { return "qualification_flags" }

// CreateQualificationFlag implements agency.ProfileStore.
func (s *DB) CreateQualificationFlag(ctx context.Context, f *agency.QualificationFlag) error {
	out := qualificationFlagInsert{QualificationID: f.QualificationID, FlaggedBy: f.FlaggedBy, Evidence: f.Evidence}
	err := s.db.WithContext(ctx).Clauses(returningIDCreatedAt).Create(&out).Error
	if isUniqueViolation(err) {
		return agency.ErrAlreadyFlagged
	} else if err != nil {
		return fmt.Errorf("storage: flag qualification %d: %w", f.QualificationID, err)
	}
	f.ID, f.CreatedAt = out.ID, out.CreatedAt
	return nil
}

// affiliationsQuery reads affiliations (f) with their department's name.
func affiliationsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("affiliations f").Joins("JOIN accounts d ON d.id = f.department_id").
		Select("f.id, f.agency_id, f.department_id, d.name AS department_name, f.relation, f.note, f.created_at")
}

type affiliationInsert struct {
	ID           int64 `gorm:"primaryKey;->"`
	AgencyID     int64
	DepartmentID int64
	Relation     string
	Note         string
	CreatedAt    time.Time `gorm:"->"`
}

func (affiliationInsert) TableName() string { return "affiliations" }

// CreateAffiliation implements agency.ProfileStore.
func (s *DB) CreateAffiliation(ctx context.Context, a *agency.Affiliation) error {
	out := affiliationInsert{AgencyID: a.AgencyID, DepartmentID: a.DepartmentID, Relation: a.Relation, Note: a.Note}
	err := s.db.WithContext(ctx).Clauses(returningIDCreatedAt).Create(&out).Error
	if isUniqueViolation(err) {
		return agency.ErrDuplicateAffiliation
	} else if err != nil {
		return fmt.Errorf("storage: create affiliation: %w", err)
	}
	a.ID, a.CreatedAt = out.ID, out.CreatedAt
	return nil
}

// FindAffiliation implements agency.ProfileStore.
func (s *DB) FindAffiliation(ctx context.Context, id int64, forUpdate bool) (*agency.Affiliation, error) {
	q := affiliationsQuery(s.db.WithContext(ctx)).Where("f.id = ? AND f.ended_at IS NULL", id)
	q = q.Scopes(forUpdateIf(forUpdate, "f"))
	var out []*agency.Affiliation
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("storage: find affiliation %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, agency.ErrAffiliationNotFound
	}
	return out[0], nil
}

func (s *DB) findAffiliations(ctx context.Context, agencyID int64) ([]*agency.Affiliation, error) {
	var out []*agency.Affiliation
	err := affiliationsQuery(s.db.WithContext(ctx)).Where("f.agency_id = ? AND f.ended_at IS NULL", agencyID).Order("f.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find affiliations of agency %d: %w", agencyID, err)
	}
	return out, nil
}

// DeleteAffiliation implements agency.ProfileStore: the row is ended, not
// deleted, because the conflict rule still counts it for a while.
func (s *DB) DeleteAffiliation(ctx context.Context, id int64) error {
	err := s.db.WithContext(ctx).Table("affiliations").Where("id = ? AND ended_at IS NULL", id).
		Update("ended_at", gorm.Expr("clock_timestamp()")).Error
	if err != nil {
		return fmt.Errorf("storage: delete affiliation %d: %w", id, err)
	}
	return nil
}
