package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

// ErrContractNotFound: the project has no contract (not awarded yet).
var errContractNotFound = &domain.Error{Code: domain.ENOTFOUND, Reason: "contract_not_found", Message: "The project has no contract yet."}

type contractRow struct {
	ProjectID      int64
	OwnerID        int64
	AgencyID       int64
	PriceFen       int64
	ServiceDays    int
	StartDate      string
	OwnerSignedAt  *time.Time
	AgencySignedAt *time.Time
	Hash           string
	// The electronic contract (migration 00220).
	DocumentSHA256    *string
	DocumentSignature string
	SigningPublicKey  string
}

// SaveContract implements domain.LifecycleStore. Replacing a contract is
// allowed only while it is not fully signed; the contracts_immutable
// trigger refuses the rest.
func (s *DB) SaveContract(ctx context.Context, c *domain.Contract) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO contracts (project_id, owner_id, agency_id, price_fen, service_days, start_date,
		owner_signed_at, agency_signed_at, hash, document_sha256, document_signature, signing_public_key)
		VALUES (?, ?, ?, ?, ?, ?::date, ?, ?, ?, NULLIF(?, ''), ?, ?)
		ON CONFLICT (project_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, agency_id = EXCLUDED.agency_id,
		price_fen = EXCLUDED.price_fen, service_days = EXCLUDED.service_days, start_date = EXCLUDED.start_date,
		owner_signed_at = EXCLUDED.owner_signed_at, agency_signed_at = EXCLUDED.agency_signed_at, hash = EXCLUDED.hash,
		document_sha256 = EXCLUDED.document_sha256, document_signature = EXCLUDED.document_signature, signing_public_key = EXCLUDED.signing_public_key`,
		c.ProjectID, c.OwnerID, c.AgencyID, int64(c.Price), c.ServiceDays, c.StartDate, c.OwnerSignedAt, c.AgencySignedAt, c.Hash,
		c.DocumentSHA256, c.DocumentSignature, c.SigningPublicKey).Error
	if constraintName(err) == "contracts_immutable" {
		return &domain.Error{Code: domain.ECONFLICT, Reason: "contract_immutable", Message: "The contract is signed by both parties and can no longer change."}
	}
	if err != nil {
		return fmt.Errorf("storage: save contract %d: %w", c.ProjectID, err)
	}
	return nil
}

// FindContract implements domain.LifecycleStore.
func (s *DB) FindContract(ctx context.Context, projectID int64) (*domain.Contract, error) {
	var rows []contractRow
	err := s.db.WithContext(ctx).Raw(`SELECT project_id, owner_id, agency_id, price_fen, service_days, to_char(start_date, 'YYYY-MM-DD') AS start_date,
		owner_signed_at, agency_signed_at, hash, document_sha256, document_signature, signing_public_key FROM contracts WHERE project_id = ?`, projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract %d: %w", projectID, err)
	}
	if len(rows) == 0 {
		return nil, errContractNotFound
	}
	r := rows[0]
	return &domain.Contract{ProjectID: r.ProjectID, OwnerID: r.OwnerID, AgencyID: r.AgencyID, Price: domain.Money(r.PriceFen),
		ServiceDays: r.ServiceDays, StartDate: r.StartDate, OwnerSignedAt: utcPtr(r.OwnerSignedAt), AgencySignedAt: utcPtr(r.AgencySignedAt),
		Hash: r.Hash, DocumentSHA256: contractDocumentSHA256(r.DocumentSHA256), DocumentSignature: r.DocumentSignature, SigningPublicKey: r.SigningPublicKey}, nil
}

// contractDocumentSHA256 reads the nullable column (NULL: no PDF).
func contractDocumentSHA256(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
