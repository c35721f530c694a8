package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"marketplace/domain"
)

// Notice documents and amendments (domain.NoticeStore).

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

// CreateNoticeDocument implements domain.NoticeStore.
func (s *DB) CreateNoticeDocument(ctx context.Context, d *domain.NoticeDocument) error {
	err := s.db.WithContext(ctx).Raw(`INSERT INTO project_documents (project_id, title, file_name, sha256, pending, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, d.ProjectID, d.Title, d.FileName, d.SHA256, d.Pending, d.CreatedAt).Scan(&d.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create notice document on %d: %w", d.ProjectID, err)
	}
	return nil
}

// FindNoticeDocuments implements domain.NoticeStore.
func (s *DB) FindNoticeDocuments(ctx context.Context, projectID int64) ([]*domain.NoticeDocument, error) {
	var rows []noticeDocumentRow
	err := s.db.WithContext(ctx).Raw(noticeDocumentSelect+`WHERE d.project_id = ? ORDER BY d.id`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find notice documents of %d: %w", projectID, err)
	}
	return noticeDocumentsOf(rows), nil
}

const noticeDocumentSelect = `SELECT d.id, d.project_id, d.title, d.file_name, f.media_type, f.size, d.sha256,
		d.pending, d.amendment_id, d.superseded_by, d.created_at
		FROM project_documents d JOIN files f ON f.sha256 = d.sha256 `

// FindNoticeDocumentsOf implements domain.PageStore in one statement.
func (s *DB) FindNoticeDocumentsOf(ctx context.Context, ids []int64) (map[int64][]*domain.NoticeDocument, error) {
	out := map[int64][]*domain.NoticeDocument{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []noticeDocumentRow
	if err := s.db.WithContext(ctx).Raw(noticeDocumentSelect+`WHERE d.project_id IN ? ORDER BY d.id`, ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find notice documents: %w", err)
	}
	for _, d := range noticeDocumentsOf(rows) {
		out[d.ProjectID] = append(out[d.ProjectID], d)
	}
	return out, nil
}

func noticeDocumentsOf(rows []noticeDocumentRow) []*domain.NoticeDocument {
	out := make([]*domain.NoticeDocument, len(rows))
	for i, r := range rows {
		out[i] = &domain.NoticeDocument{ID: r.ID, ProjectID: r.ProjectID, Title: r.Title, FileName: r.FileName,
			MediaType: r.MediaType, Size: r.Size, SHA256: r.SHA256, Pending: r.Pending, AmendmentID: r.AmendmentID,
			SupersededBy: r.SupersededBy, CreatedAt: r.CreatedAt.UTC()}
	}
	return out
}

// DeleteNoticeDocument implements domain.NoticeStore.
func (s *DB) DeleteNoticeDocument(ctx context.Context, projectID, docID int64) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM project_documents WHERE project_id = ? AND id = ?`, projectID, docID).Error; err != nil {
		return fmt.Errorf("storage: delete notice document %d: %w", docID, err)
	}
	return nil
}

// PublishNoticeDocuments implements domain.NoticeStore.
func (s *DB) PublishNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error {
	if len(docIDs) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Exec(`UPDATE project_documents SET pending = false, amendment_id = ?
		WHERE project_id = ? AND pending AND id = ANY(CAST(? AS bigint[]))`, amendmentID, projectID, int64Array(docIDs)).Error
	if err != nil {
		return fmt.Errorf("storage: publish notice documents of %d: %w", projectID, err)
	}
	return nil
}

// SupersedeNoticeDocuments implements domain.NoticeStore.
func (s *DB) SupersedeNoticeDocuments(ctx context.Context, projectID, amendmentID int64, docIDs []int64) error {
	if len(docIDs) == 0 {
		return nil
	}
	err := s.db.WithContext(ctx).Exec(`UPDATE project_documents SET superseded_by = ?
		WHERE project_id = ? AND superseded_by IS NULL AND id = ANY(CAST(? AS bigint[]))`, amendmentID, projectID, int64Array(docIDs)).Error
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

func (r *amendmentRow) toDomain() (*domain.Amendment, error) {
	a := &domain.Amendment{ID: r.ID, ProjectID: r.ProjectID, ProjectTitle: r.ProjectTitle, Rationale: r.Rationale,
		ClosesBefore: r.ClosesBefore.UTC(), ClosesAfter: r.ClosesAfter.UTC(), PublishedAt: r.PublishedAt.UTC()}
	var stored struct {
		Changes       []domain.AmendmentChange `json:"changes"`
		CloseExtended bool                     `json:"close_extended"`
	}
	if err := json.Unmarshal([]byte(r.Changes), &stored); err != nil {
		return nil, fmt.Errorf("storage: decode amendment %d: %w", r.ID, err)
	}
	a.Changes, a.CloseExtended = stored.Changes, stored.CloseExtended
	return a, nil
}

// CreateAmendment implements domain.NoticeStore.
func (s *DB) CreateAmendment(ctx context.Context, a *domain.Amendment) error {
	changes, err := json.Marshal(map[string]any{"changes": a.Changes, "close_extended": a.CloseExtended})
	if err != nil {
		return fmt.Errorf("storage: encode amendment: %w", err)
	}
	err = s.db.WithContext(ctx).Raw(`INSERT INTO project_amendments (project_id, rationale, changes, closes_before, closes_after, published_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, a.ProjectID, a.Rationale, string(changes), a.ClosesBefore, a.ClosesAfter, a.PublishedAt).Scan(&a.ID).Error
	if err != nil {
		return fmt.Errorf("storage: create amendment of %d: %w", a.ProjectID, err)
	}
	return nil
}

const amendmentSelect = `SELECT a.id, a.project_id, p.title AS project_title, a.rationale, a.changes::text AS changes,
	a.closes_before, a.closes_after, a.published_at FROM project_amendments a JOIN projects p ON p.id = a.project_id `

func amendmentsOf(rows []amendmentRow) ([]*domain.Amendment, error) {
	out := make([]*domain.Amendment, len(rows))
	for i := range rows {
		a, err := rows[i].toDomain()
		if err != nil {
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

// FindAmendments implements domain.NoticeStore.
func (s *DB) FindAmendments(ctx context.Context, projectID int64) ([]*domain.Amendment, error) {
	var rows []amendmentRow
	if err := s.db.WithContext(ctx).Raw(amendmentSelect+`WHERE a.project_id = ? ORDER BY a.published_at, a.id`, projectID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find amendments of %d: %w", projectID, err)
	}
	return amendmentsOf(rows)
}

// FindAmendmentsOf implements domain.PageStore in one statement.
func (s *DB) FindAmendmentsOf(ctx context.Context, ids []int64) (map[int64][]*domain.Amendment, error) {
	out := map[int64][]*domain.Amendment{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []amendmentRow
	if err := s.db.WithContext(ctx).Raw(amendmentSelect+`WHERE a.project_id IN ? ORDER BY a.published_at, a.id`, ids).Scan(&rows).Error; err != nil {
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

// FindRecentAmendments implements domain.NoticeStore.
func (s *DB) FindRecentAmendments(ctx context.Context, p domain.Page) ([]*domain.Amendment, int, error) {
	var total int64
	if err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM project_amendments`).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count amendments: %w", err)
	}
	var rows []amendmentRow
	err := s.db.WithContext(ctx).Raw(amendmentSelect+`ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`,
		p.PerPage, (p.Page-1)*p.PerPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: find amendments: %w", err)
	}
	out, err := amendmentsOf(rows)
	return out, int(total), err
}

// UpdateProjectTerms implements domain.NoticeStore.
func (s *DB) UpdateProjectTerms(ctx context.Context, p *domain.Project) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE projects SET description = ?, ceiling_fen = ?, service_days = ?,
		bidding_closes_at = ?, closes_at = ?, updated_at = clock_timestamp() WHERE id = ?`,
		p.Description, fenPtr(p.CeilingPrice), p.ServiceDays, p.BiddingClosesAt, p.ClosesAt, p.ID).Error
	if err != nil {
		return fmt.Errorf("storage: update terms of project %d: %w", p.ID, err)
	}
	return nil
}

// MarkBidsNeedConfirmation implements domain.NoticeStore. The bids'
// deadline trigger lets the flag change: price, proposal and time stay.
func (s *DB) MarkBidsNeedConfirmation(ctx context.Context, projectID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(`UPDATE bids SET needs_confirmation = true
		WHERE project_id = ? AND status = 'submitted' RETURNING agency_id`, projectID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: flag bids of %d: %w", projectID, err)
	}
	return ids, nil
}

// ConfirmBid implements domain.NoticeStore.
func (s *DB) ConfirmBid(ctx context.Context, projectID, agencyID int64, now time.Time) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE bids SET needs_confirmation = false, updated_at = ?
		WHERE project_id = ? AND agency_id = ? AND status = 'submitted'`, now, projectID, agencyID).Error
	if err != nil {
		return fmt.Errorf("storage: confirm bid %d/%d: %w", projectID, agencyID, err)
	}
	return nil
}

// FindInterestedAgencies implements domain.NoticeStore: the agencies that
// bid or asked a question, each told of an amendment on its own.
func (s *DB) FindInterestedAgencies(ctx context.Context, projectID int64) ([]int64, error) {
	var ids []int64
	// The agencies that bid, and those that asked a question (答疑): both
	// rely on the notice as it was.
	err := s.db.WithContext(ctx).Raw(`SELECT agency_id FROM bids WHERE project_id = @p
		UNION SELECT q.asker_id FROM questions q JOIN accounts a ON a.id = q.asker_id AND a.role = 'agency' WHERE q.project_id = @p
		ORDER BY 1`, map[string]any{"p": projectID}).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: interested agencies of %d: %w", projectID, err)
	}
	return ids, nil
}
