package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// The documents of sealed bids (domain.BidDocumentStore).

type bidDocumentRow struct {
	ID         int64
	ProjectID  int64
	AgencyID   int64
	AgencyName string
	SHA256     string `gorm:"column:sha256"`
	MediaType  string
	Size       int64
	FileName   string
	UploadedAt time.Time
}

func (r *bidDocumentRow) toDomain() *market.BidDocument {
	return &market.BidDocument{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, AgencyName: r.AgencyName,
		SHA256: r.SHA256, MediaType: r.MediaType, Size: r.Size, FileName: r.FileName, UploadedAt: r.UploadedAt.UTC()}
}

// bidDocumentsQuery reads bidDocumentRow: a document with its agency's
// name.
func bidDocumentsQuery(db *gorm.DB) *gorm.DB {
	return db.Table("bid_documents d").Joins("JOIN accounts a ON a.id = d.agency_id").
		Select("d.id, d.project_id, d.agency_id, a.name AS agency_name, d.sha256, d.media_type, d.size, d.file_name, d.uploaded_at")
}

// findBidDocuments reads the documents that the scope selects and orders.
func (s *DB) findBidDocuments(ctx context.Context, scope func(*gorm.DB) *gorm.DB) ([]*market.BidDocument, error) {
	var rows []bidDocumentRow
	if err := bidDocumentsQuery(s.db.WithContext(ctx)).Scopes(scope).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bid documents: %w", err)
	}
	out := make([]*market.BidDocument, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// A document is added or removed in one statement with the bid_evidence
// row of the action (queries/bid_document_*.sql): the evidence, as
// evidenceArgs gives it, then the document.
var (
	addBidDocumentSQL    = loadQuery("bid_document_add")
	removeBidDocumentSQL = loadQuery("bid_document_remove")
)

// evidenceArgs are the parameters of the bid_evidence insert of a document
// action.
func evidenceArgs(e *supervision.BidEvidence) []any {
	return []any{e.ProjectID, e.AgencyID, e.AccountID, e.Action, e.ClientIP, e.UserAgent, e.Fingerprint, e.DocSHA256, e.At}
}

// AddBidDocument implements domain.BidDocumentStore.
func (s *DB) AddBidDocument(ctx context.Context, d *market.BidDocument, ev *supervision.BidEvidence) error {
	var id int64
	err := s.db.WithContext(ctx).Raw(addBidDocumentSQL, append(evidenceArgs(ev),
		d.ProjectID, d.AgencyID, d.SHA256, d.MediaType, d.Size, d.FileName, d.UploadedAt)...).Scan(&id).Error
	switch {
	case isDeadline(err):
		return market.ErrBiddingClosed
	case isUniqueViolation(err):
		return market.ErrBidDocumentExists
	case err != nil:
		return fmt.Errorf("storage: add bid document %d/%d: %w", d.ProjectID, d.AgencyID, outage(err))
	}
	d.ID = id
	return nil
}

// RemoveBidDocument implements domain.BidDocumentStore.
func (s *DB) RemoveBidDocument(ctx context.Context, d *market.BidDocument, ev *supervision.BidEvidence) error {
	err := s.db.WithContext(ctx).Exec(removeBidDocumentSQL, append(evidenceArgs(ev), d.ID)...).Error
	if err != nil {
		return fmt.Errorf("storage: remove bid document %d: %w", d.ID, outage(err))
	}
	return nil
}

// LockBid implements domain.BidDocumentStore.
func (s *DB) LockBid(ctx context.Context, projectID, agencyID int64) (*market.Bid, error) {
	var rows []bidRow
	if err := bidsQuery(s.db.WithContext(ctx)).Where("b.project_id = ? AND b.agency_id = ?", projectID, agencyID).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Table: clause.Table{Name: "b"}}).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: lock bid %d/%d: %w", projectID, agencyID, outage(err))
	}
	if len(rows) == 0 {
		return nil, market.ErrBidNotFound
	}
	return rows[0].toDomain(), nil
}

// FindBidDocuments implements domain.BidDocumentStore.
func (s *DB) FindBidDocuments(ctx context.Context, projectID, agencyID int64) ([]*market.BidDocument, error) {
	return s.findBidDocuments(ctx, func(db *gorm.DB) *gorm.DB {
		return db.Where("d.project_id = ? AND d.agency_id = ?", projectID, agencyID).Order("d.id")
	})
}

// FindProjectBidDocuments implements domain.BidDocumentStore.
func (s *DB) FindProjectBidDocuments(ctx context.Context, projectID int64) ([]*market.BidDocument, error) {
	return s.findBidDocuments(ctx, func(db *gorm.DB) *gorm.DB {
		return db.Joins("JOIN bids b ON b.project_id = d.project_id AND b.agency_id = d.agency_id").
			Where("d.project_id = ? AND b.status <> 'withdrawn'", projectID).Order("d.agency_id, d.id")
	})
}

// FindBidDocument implements domain.BidDocumentStore.
func (s *DB) FindBidDocument(ctx context.Context, projectID, docID int64) (*market.BidDocument, error) {
	out, err := s.findBidDocuments(ctx, func(db *gorm.DB) *gorm.DB {
		return db.Where("d.project_id = ? AND d.id = ?", projectID, docID)
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, market.ErrBidDocumentNotFound
	}
	return out[0], nil
}

// saveBidReceipt is the audit row and the receipt that names it, in one
// statement (queries/bid_receipt_save.sql).
var saveBidReceipt = loadQuery("bid_receipt_save")

// SaveBidReceipt implements domain.BidDocumentStore. In a bid transaction
// (InBidTx) the statement is sent with COMMIT: nothing in the transaction
// reads the receipt back.
func (s *DB) SaveBidReceipt(ctx context.Context, r *market.BidReceipt, a domain.AuditEntry) error {
	args := []any{s.injectedNow(), a.ActorID, a.ActorRole, a.Action, a.SubjectType, a.SubjectID, string(a.Summary),
		r.ProjectID, r.AgencyID, r.Nonce, r.Digest, r.IssuedAt}
	if t := s.pipelineOf(); t != nil {
		t.deferToCommit(saveBidReceipt, args, func(row pgx.Row) error { return row.Scan(&r.AuditID) })
		return nil
	}
	if err := s.conn().QueryRowContext(ctx, saveBidReceipt, args...).Scan(&r.AuditID); err != nil {
		return fmt.Errorf("storage: save bid receipt %d/%d: %w", r.ProjectID, r.AgencyID, outage(err))
	}
	return nil
}

// FindBidReceipt implements domain.BidDocumentStore.
func (s *DB) FindBidReceipt(ctx context.Context, projectID, agencyID int64) (*market.BidReceipt, error) {
	var rows []struct {
		Nonce, Digest string
		AuditID       int64
		At            time.Time
		Seq           *int64
		Hash          *string
	}
	err := s.db.WithContext(ctx).Table("bid_receipts r").Joins("JOIN audit_log l ON l.id = r.audit_id").
		Select("r.nonce, r.digest, r.audit_id, r.at, l.seq, l.hash").
		Where("r.project_id = ? AND r.agency_id = ?", projectID, agencyID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find bid receipt %d/%d: %w", projectID, agencyID, err)
	}
	if len(rows) == 0 {
		return nil, market.ErrReceiptNotFound
	}
	r := rows[0]
	out := &market.BidReceipt{ProjectID: projectID, AgencyID: agencyID, Nonce: r.Nonce, Digest: r.Digest, AuditID: r.AuditID,
		IssuedAt: r.At.UTC(), AuditSeq: r.Seq}
	if r.Hash != nil {
		out.AuditHash = *r.Hash
	}
	return out, nil
}

// BidDocumentHashes implements domain.BidDocumentStore.
func (s *DB) BidDocumentHashes(ctx context.Context, projectID int64) (map[int64][]string, error) {
	var rows []struct {
		AgencyID int64
		SHA256   string `gorm:"column:sha256"`
	}
	err := s.db.WithContext(ctx).Table("bid_documents d").
		Joins("JOIN bids b ON b.project_id = d.project_id AND b.agency_id = d.agency_id").Select("d.agency_id, d.sha256").
		Where("d.project_id = ? AND b.status <> 'withdrawn'", projectID).Order("d.agency_id, d.sha256").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: bid document hashes of %d: %w", projectID, err)
	}
	out := map[int64][]string{}
	for _, r := range rows {
		out[r.AgencyID] = append(out[r.AgencyID], r.SHA256)
	}
	return out, nil
}
