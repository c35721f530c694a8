package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
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

// contractInsert is a contracts row as SaveContract writes it. StartDate is
// a YYYY-MM-DD date, which PostgreSQL reads into the date column;
// DocumentSHA256 is NULL while there is no PDF.
type contractInsert struct {
	ProjectID         int64 `gorm:"primaryKey;autoIncrement:false"`
	OwnerID           int64
	AgencyID          int64
	PriceFen          int64
	ServiceDays       int
	StartDate         string
	OwnerSignedAt     *time.Time
	AgencySignedAt    *time.Time
	Hash              string
	DocumentSHA256    *string `gorm:"column:document_sha256"`
	DocumentSignature string
	SigningPublicKey  string
}

func (contractInsert) TableName() string { return "contracts" }

// contractReplacement replaces every column but the key of a contract not
// yet signed by both parties.
var contractReplacement = clause.OnConflict{
	Columns: []clause.Column{{Name: "project_id"}},
	DoUpdates: clause.AssignmentColumns([]string{"owner_id", "agency_id", "price_fen", "service_days", "start_date",
		"owner_signed_at", "agency_signed_at", "hash", "document_sha256", "document_signature", "signing_public_key"}),
}

// SaveContract implements domain.LifecycleStore. Replacing a contract is
// allowed only while it is not fully signed; the contracts_immutable
// trigger refuses the rest.
func (s *DB) SaveContract(ctx context.Context, c *market.Contract) error {
	row := contractInsert{ProjectID: c.ProjectID, OwnerID: c.OwnerID, AgencyID: c.AgencyID, PriceFen: int64(c.Price),
		ServiceDays: c.ServiceDays, StartDate: c.StartDate, OwnerSignedAt: c.OwnerSignedAt, AgencySignedAt: c.AgencySignedAt,
		Hash: c.Hash, DocumentSignature: c.DocumentSignature, SigningPublicKey: c.SigningPublicKey}
	if c.DocumentSHA256 != "" {
		row.DocumentSHA256 = &c.DocumentSHA256
	}
	err := s.db.WithContext(ctx).Clauses(contractReplacement).Create(&row).Error
	if constraintName(err) == "contracts_immutable" {
		return &domain.Error{Code: domain.ECONFLICT, Reason: "contract_immutable", Message: "The contract is signed by both parties and can no longer change."}
	}
	if err != nil {
		return fmt.Errorf("storage: save contract %d: %w", c.ProjectID, err)
	}
	return nil
}

// FindContract implements domain.LifecycleStore.
func (s *DB) FindContract(ctx context.Context, projectID int64) (*market.Contract, error) {
	var rows []contractRow
	err := s.db.WithContext(ctx).Table("contracts").
		Select(`project_id, owner_id, agency_id, price_fen, service_days, to_char(start_date, 'YYYY-MM-DD') AS start_date,
			owner_signed_at, agency_signed_at, hash, document_sha256, document_signature, signing_public_key`).
		Where("project_id = ?", projectID).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract %d: %w", projectID, err)
	}
	if len(rows) == 0 {
		return nil, errContractNotFound
	}
	r := rows[0]
	return &market.Contract{ProjectID: r.ProjectID, OwnerID: r.OwnerID, AgencyID: r.AgencyID, Price: domain.Money(r.PriceFen),
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
