package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
)

// Notice documents and amendments (market.NoticeStore).

type noticeDocumentRow struct {
	ID           int64
	ProjectID    int64
	Title        string
	FileName     string
	MediaType    string
	Size         int64
	SHA256       string `gorm:"column:sha256"`
	Pending      bool
	AmendmentID  *int64
	SupersededBy *int64
	CreatedAt    time.Time
}

// noticeDocumentInsert is the written part of a project_documents row.
type noticeDocumentInsert struct {
	ID        int64
	ProjectID int64
	Title     string
	FileName  string
	SHA256    string `gorm:"column:sha256"`
	Pending   bool
	CreatedAt time.Time `gorm:"autoCreateTime:false"` // the caller's clock, never GORM's
}

func (noticeDocumentInsert) TableName() string { return "project_documents" }

// CreateNoticeDocument implements market.NoticeStore.
func (s *DB) CreateNoticeDocument(ctx context.Context, d *market.NoticeDocument) error {
	row := noticeDocumentInsert{ProjectID: d.ProjectID, Title: d.Title, FileName: d.FileName, SHA256: d.SHA256,
		Pending: d.Pending, CreatedAt: d.CreatedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create notice document on %d: %w", d.ProjectID, err)
	}
	d.ID = row.ID
	return nil
}

// FindNoticeDocuments implements market.NoticeStore.
func (s *DB) FindNoticeDocuments(ctx context.Context, projectID int64) ([]*market.NoticeDocument, error) {
	var rows []noticeDocumentRow
	err := noticeDocumentsQuery(s.db.WithContext(ctx)).Where("d.project_id = ?", projectID).Order("d.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find notice documents of %d: %w", projectID, err)
	}
	return noticeDocumentsOf(rows), nil
}

// noticeDocumentsQuery reads noticeDocumentRow: a document with its
// file's media type and size.
func noticeDocumentsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("project_documents d").Joins("JOIN files f ON f.sha256 = d.sha256").
		Select(`d.id, d.project_id, d.title, d.file_name, f.media_type, f.size, d.sha256,
			d.pending, d.amendment_id, d.superseded_by, d.created_at`)
}

// FindNoticeDocumentsOf implements domain.PageStore in one statement.
func (s *DB) FindNoticeDocumentsOf(ctx context.Context, ids []int64) (map[int64][]*market.NoticeDocument, error) {
	out := map[int64][]*market.NoticeDocument{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []noticeDocumentRow
	if err := noticeDocumentsQuery(s.db.WithContext(ctx)).Where("d.project_id IN ?", ids).Order("d.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find notice documents: %w", err)
	}
	for _, d := range noticeDocumentsOf(rows) {
		out[d.ProjectID] = append(out[d.ProjectID], d)
	}
	return out, nil
}

func noticeDocumentsOf(rows []noticeDocumentRow) []*market.NoticeDocument {
	out := make([]*market.NoticeDocument, len(rows))
	for i, r := range rows {
		out[i] = &market.NoticeDocument{ID: r.ID, ProjectID: r.ProjectID, Title: r.Title, FileName: r.FileName,
			MediaType: r.MediaType, Size: r.Size, SHA256: r.SHA256, Pending: r.Pending, AmendmentID: r.AmendmentID,
			SupersededBy: r.SupersededBy, CreatedAt: r.CreatedAt.UTC()}
	}
	return out
}

// DeleteNoticeDocument implements market.NoticeStore.
func (s *DB) DeleteNoticeDocument(ctx context.Context, projectID, docID int64) error {
	if err := s.db.WithContext(ctx).Where("project_id = ? AND id = ?", projectID, docID).Delete(&noticeDocumentInsert{}).Error; err != nil {
		return fmt.Errorf("storage: delete notice document %d: %w", docID, err)
	}
	return nil
}

// PublishNoticeDocuments implements market.NoticeStore.
func (s *DB) PublishNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error {
	if len(docIDs) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Table("project_documents").
		Where("project_id = ? AND pending AND id = ANY(CAST(? AS bigint[]))", projectID, int64Array(docIDs)).
		Updates(map[string]any{"pending": false, "amendment_id": amendmentID}).Error
	if err != nil {
		return fmt.Errorf("storage: publish notice documents of %d: %w", projectID, err)
	}
	return nil
}

// SupersedeNoticeDocuments implements market.NoticeStore.
func (s *DB) SupersedeNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error {
	if len(docIDs) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Table("project_documents").
		Where("project_id = ? AND superseded_by IS NULL AND id = ANY(CAST(? AS bigint[]))", projectID, int64Array(docIDs)).
		Update("superseded_by", amendmentID).Error
	if err != nil {
		return fmt.Errorf("storage: supersede notice documents of %d: %w", projectID, err)
	}
	return nil
}

type amendmentRow struct {
	ID           int64
	ProjectID    int64
	ProjectTitle string
	Rationale    string
	Changes      string
	ClosesBefore time.Time
	ClosesAfter  time.Time
	PublishedAt  time.Time
}

func (r *amendmentRow) toDomain() (*market.Amendment, error) {
	a := &market.Amendment{ID: r.ID, ProjectID: r.ProjectID, ProjectTitle: r.ProjectTitle, Rationale: r.Rationale,
		ClosesBefore: r.ClosesBefore.UTC(), ClosesAfter: r.ClosesAfter.UTC(), PublishedAt: r.PublishedAt.UTC()}
	var stored struct {
		Changes       []market.AmendmentChange `json:"changes"`
		CloseExtended bool                     `json:"close_extended"`
	}
	if err := json.Unmarshal([]byte(r.Changes), &stored); err != nil {
		return nil, fmt.Errorf("storage: decode amendment %d: %w", r.ID, err)
	}
	a.Changes, a.CloseExtended = stored.Changes, stored.CloseExtended
	return a, nil
}

// CreateAmendment implements market.NoticeStore.
func (s *DB) CreateAmendment(ctx context.Context, a *market.Amendment) error {
	changes, err := json.Marshal(map[string]any{"changes": a.Changes, "close_extended": a.CloseExtended})
	if err != nil {
		return fmt.Errorf("storage: encode amendment: %w", err)
	}
	row := amendmentInsert{ProjectID: a.ProjectID, Rationale: a.Rationale, Changes: string(changes), ClosesBefore: a.ClosesBefore,
		ClosesAfter: a.ClosesAfter, PublishedAt: a.PublishedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create amendment of %d: %w", a.ProjectID, err)
	}
	a.ID = row.ID
	return nil
}

// amendmentInsert is a new project_amendments row; changes is jsonb, sent
// as its text.
type amendmentInsert struct {
	ID           int64
	ProjectID    int64
	Rationale    string
	Changes      string
	ClosesBefore time.Time
	ClosesAfter  time.Time
	PublishedAt  time.Time
}

func (amendmentInsert) TableName() string { return "project_amendments" }

// amendmentsQuery reads amendmentRow: an amendment with its project's title.
func amendmentsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("project_amendments a").Joins("JOIN projects p ON p.id = a.project_id").
		Select(`a.id, a.project_id, p.title AS project_title, a.rationale, a.changes::text AS changes,
			a.closes_before, a.closes_after, a.published_at`)
}

func amendmentsOf(rows []amendmentRow) ([]*market.Amendment, error) {
	out := make([]*market.Amendment, len(rows))
	for i := range rows {
		a, err := rows[i].toDomain()
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// FindAmendments implements market.NoticeStore.
func (s *DB) FindAmendments(ctx context.Context, projectID int64) ([]*market.Amendment, error) {
	var rows []amendmentRow
	if err := amendmentsQuery(s.db.WithContext(ctx)).Where("a.project_id = ?", projectID).Order("a.published_at, a.id").
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find amendments of %d: %w", projectID, err)
	}
	return amendmentsOf(rows)
}

// FindAmendmentsOf implements domain.PageStore in one statement.
func (s *DB) FindAmendmentsOf(ctx context.Context, ids []int64) (map[int64][]*market.Amendment, error) {
	out := map[int64][]*market.Amendment{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []amendmentRow
	if err := amendmentsQuery(s.db.WithContext(ctx)).Where("a.project_id IN ?", ids).Order("a.published_at, a.id").
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find amendments: %w", err)
	}
	all, err := amendmentsOf(rows)
	if err != nil {
		return nil, err
	}
	for _, a := range all {
		out[a.ProjectID] = append(out[a.ProjectID], a)
	}
	return out, nil
}

// FindRecentAmendments implements market.NoticeStore.
func (s *DB) FindRecentAmendments(ctx context.Context, p domain.Page) ([]*market.Amendment, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Table("project_amendments").Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count amendments: %w", err)
	}
	var rows []amendmentRow
	err := amendmentsQuery(s.db.WithContext(ctx)).Order("a.published_at DESC, a.id DESC").
		Limit(p.PerPage).Offset((p.Page - 1) * p.PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find amendments: %w", err)
	}
	out, err := amendmentsOf(rows)
	return out, int(total), err
}

// UpdateProjectTerms implements market.NoticeStore.
func (s *DB) UpdateProjectTerms(ctx context.Context, p *market.Project) error {
	err := s.db.WithContext(ctx).Table("projects").Where("id = ?", p.ID).Updates(map[string]any{
		"description": p.Description, "ceiling_fen": fenPtr(p.CeilingPrice), "service_days": p.ServiceDays,
		"bidding_closes_at": p.BiddingClosesAt, "closes_at": p.ClosesAt, "updated_at": gorm.Expr("clock_timestamp()")}).Error
	if err != nil {
		return fmt.Errorf("storage: update terms of project %d: %w", p.ID, err)
	}
	return nil
}

// MarkBidsNeedConfirmation implements market.NoticeStore. The bids'
// deadline trigger lets the flag change: price, proposal and time stay.
func (s *DB) MarkBidsNeedConfirmation(ctx context.Context, projectID int64) ([]int64, error) {
	// RETURNING scans into the model's rows, which must be structs.
	var rows []struct{ AgencyID int64 }
	err := s.db.WithContext(ctx).Model(&rows).Table("bids").Clauses(clause.Returning{Columns: []clause.Column{{Name: "agency_id"}}}).
		Where("project_id = ? AND status = 'submitted'", projectID).Update("needs_confirmation", true).Error
	if err != nil {
		return nil, fmt.Errorf("storage: flag bids of %d: %w", projectID, err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.AgencyID
	}
	return ids, nil
}

// ConfirmBid implements market.NoticeStore.
func (s *DB) ConfirmBid(ctx context.Context, projectID, agencyID int64, now time.Time) error {
	err := s.db.WithContext(ctx).Table("bids").Where("project_id = ? AND agency_id = ? AND status = 'submitted'", projectID, agencyID).
		Updates(map[string]any{"needs_confirmation": false, "updated_at": now}).Error
	if err != nil {
		return fmt.Errorf("storage: confirm bid %d/%d: %w", projectID, agencyID, err)
	}
	return nil
}

// noticeInterestedAgenciesSQL is a UNION, which GORM's builder does not
// express (queries/notice_interested_agencies.sql).
var noticeInterestedAgenciesSQL = loadQuery("notice_interested_agencies")

// FindInterestedAgencies implements market.NoticeStore: the agencies that
// bid or asked a question, each told of an amendment on its own.
func (s *DB) FindInterestedAgencies(ctx context.Context, projectID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(noticeInterestedAgenciesSQL, sql.Named("project", projectID)).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: interested agencies of %d: %w", projectID, err)
	}
	return ids, nil
}
