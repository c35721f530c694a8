package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"marketplace/domain"
)

// isUniqueViolation reports a unique-key violation, whether gorm translated
// it or not (errors met while scanning RETURNING rows are not translated).
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	return errors.Is(err, gorm.ErrDuplicatedKey) || (errors.As(err, &pg) && pg.Code == "23505")
}

// CreateFile implements domain.AgencyStore. Content addressing makes a
// second upload of the same bytes the same row.
func (s *DB) CreateFile(ctx context.Context, d domain.Document) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO files (sha256, media_type, size) VALUES (?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, d.SHA256, d.MediaType, d.Size).Error
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

func (r *qualificationRow) toDomain() *domain.Qualification {
	q := &domain.Qualification{ID: r.ID, AgencyID: r.AgencyID, ItemCode: r.ItemCode, ItemName: r.ItemName, Number: r.Number, Issuer: r.Issuer,
		ValidFrom: r.ValidFrom.Format(domain.DateLayout), ValidUntil: r.ValidUntil.Format(domain.DateLayout),
		Flagged: r.Flagged, CreatedAt: r.CreatedAt}
	if r.FileSHA256 != nil && r.MediaType != nil && r.Size != nil {
		q.Document = &domain.Document{SHA256: *r.FileSHA256, MediaType: *r.MediaType, Size: *r.Size, FileName: r.FileName}
	}
	return q
}

const qualificationSelect = `SELECT q.id, q.agency_id, q.item_code, COALESCE(ci.name, '') AS item_name, q.number, q.issuer,
	q.valid_from, q.valid_until, q.file_sha256, q.file_name, f.media_type, f.size, q.created_at,
	EXISTS (SELECT 1 FROM qualification_flags g WHERE g.qualification_id = q.id) AS flagged
	FROM qualifications q LEFT JOIN files f ON f.sha256 = q.file_sha256
	LEFT JOIN catalogue_items ci ON ci.code = q.item_code`

// CreateQualification implements domain.AgencyStore.
func (s *DB) CreateQualification(ctx context.Context, q *domain.Qualification) error {
	var sha *string
	name := ""
	if q.Document != nil {
		sha, name = &q.Document.SHA256, q.Document.FileName
	}
	var out struct {
		ID        int64
		CreatedAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO qualifications
		(agency_id, item_code, number, issuer, valid_from, valid_until, file_sha256, file_name)
		VALUES (?, ?, ?, ?, ?::date, ?::date, ?, ?) RETURNING id, created_at`,
		q.AgencyID, q.ItemCode, q.Number, q.Issuer, q.ValidFrom, q.ValidUntil, sha, name).Scan(&out).Error
	if isUniqueViolation(err) {
		return domain.ErrDuplicateQualification
	} else if err != nil {
		return fmt.Errorf("storage: create qualification: %w", err)
	}
	q.ID, q.CreatedAt = out.ID, out.CreatedAt
	return nil
}

// FindQualification implements domain.AgencyStore.
func (s *DB) FindQualification(ctx context.Context, id int64, forUpdate bool) (*domain.Qualification, error) {
	q := qualificationSelect + " WHERE q.id = ?"
	if forUpdate {
		q += " FOR UPDATE OF q"
	}
	var rows []qualificationRow
	if err := s.db.WithContext(ctx).Raw(q, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find qualification %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrQualificationNotFound
	}
	return rows[0].toDomain(), nil
}

// FindQualifications implements domain.AgencyStore: all of an agency's
// qualifications, or those for one item when itemCode is set.
func (s *DB) FindQualifications(ctx context.Context, agencyID int64, itemCode string) ([]*domain.Qualification, error) {
	var rows []qualificationRow
	q := s.db.WithContext(ctx)
	var err error
	if itemCode == "" {
		err = q.Raw(qualificationSelect+" WHERE q.agency_id = ? ORDER BY q.item_code, q.valid_until DESC, q.id", agencyID).Scan(&rows).Error
	} else {
		err = q.Raw(qualificationSelect+" WHERE q.agency_id = ? AND q.item_code = ? ORDER BY q.valid_until DESC, q.id", agencyID, itemCode).Scan(&rows).Error
	}
	if err != nil {
		return nil, fmt.Errorf("storage: find qualifications of agency %d: %w", agencyID, err)
	}
	out := make([]*domain.Qualification, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// DeleteQualification implements domain.AgencyStore.
func (s *DB) DeleteQualification(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Exec("DELETE FROM qualifications WHERE id = ?", id).Error; err != nil {
		return fmt.Errorf("storage: delete qualification %d: %w", id, err)
	}
	return nil
}

// CreateQualificationFlag implements domain.AgencyStore.
func (s *DB) CreateQualificationFlag(ctx context.Context, f *domain.QualificationFlag) error {
	var out struct {
		ID        int64
		CreatedAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO qualification_flags (qualification_id, flagged_by, evidence)
		VALUES (?, ?, ?) RETURNING id, created_at`, f.QualificationID, f.FlaggedBy, f.Evidence).Scan(&out).Error
	if isUniqueViolation(err) {
		return domain.ErrAlreadyFlagged
	} else if err != nil {
		return fmt.Errorf("storage: flag qualification %d: %w", f.QualificationID, err)
	}
	f.ID, f.CreatedAt = out.ID, out.CreatedAt
	return nil
}

const affiliationSelect = `SELECT f.id, f.agency_id, f.department_id, d.name AS department_name, f.relation, f.note, f.created_at
	FROM affiliations f JOIN accounts d ON d.id = f.department_id`

// CreateAffiliation implements domain.AgencyStore.
func (s *DB) CreateAffiliation(ctx context.Context, a *domain.Affiliation) error {
	var out struct {
		ID        int64
		CreatedAt time.Time
	}
	err := s.db.WithContext(ctx).Raw(`INSERT INTO affiliations (agency_id, department_id, relation, note)
		VALUES (?, ?, ?, ?) RETURNING id, created_at`, a.AgencyID, a.DepartmentID, a.Relation, a.Note).Scan(&out).Error
	if isUniqueViolation(err) {
		return domain.ErrDuplicateAffiliation
	} else if err != nil {
		return fmt.Errorf("storage: create affiliation: %w", err)
	}
	a.ID, a.CreatedAt = out.ID, out.CreatedAt
	return nil
}

// FindAffiliation implements domain.AgencyStore.
func (s *DB) FindAffiliation(ctx context.Context, id int64, forUpdate bool) (*domain.Affiliation, error) {
	q := affiliationSelect + " WHERE f.id = ? AND f.ended_at IS NULL"
	if forUpdate {
		q += " FOR UPDATE OF f"
	}
	var out []*domain.Affiliation
	if err := s.db.WithContext(ctx).Raw(q, id).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("storage: find affiliation %d: %w", id, err)
	}
	if len(out) == 0 {
		return nil, domain.ErrAffiliationNotFound
	}
	return out[0], nil
}

func (s *DB) findAffiliations(ctx context.Context, agencyID int64) ([]*domain.Affiliation, error) {
	var out []*domain.Affiliation
	if err := s.db.WithContext(ctx).Raw(affiliationSelect+" WHERE f.agency_id = ? AND f.ended_at IS NULL ORDER BY f.id", agencyID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("storage: find affiliations of agency %d: %w", agencyID, err)
	}
	return out, nil
}

// DeleteAffiliation implements domain.AgencyStore: the row is ended, not
// deleted, because the conflict rule still counts it for a while.
func (s *DB) DeleteAffiliation(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Exec("UPDATE affiliations SET ended_at = clock_timestamp() WHERE id = ? AND ended_at IS NULL", id).Error; err != nil {
		return fmt.Errorf("storage: delete affiliation %d: %w", id, err)
	}
	return nil
}
