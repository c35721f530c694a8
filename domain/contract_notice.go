package domain

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain/contractdoc"
)

// ContractParty is one party as published: name and USCC.
type ContractParty struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	USCC string `json:"uscc"`
}

// ContractNotice is the public contract summary (合同公示) of a contract
// signed by both parties: the parties, the price, the period, the contract
// hash and the PDF's hash and signature with the key that verifies it.
// Its fields are exactly what verify-contract needs to check a file.
type ContractNotice struct {
	ProjectID      int64         `json:"project_id"`
	Owner          ContractParty `json:"owner"`
	Agency         ContractParty `json:"agency"`
	Price          Money         `json:"price"`
	PriceCapitals  string        `json:"price_capitals"`
	ServiceDays    int           `json:"service_days"`
	PeriodStart    string        `json:"period_start"`
	PeriodEnd      string        `json:"period_end"`
	OwnerSignedAt  time.Time     `json:"owner_signed_at"`
	AgencySignedAt time.Time     `json:"agency_signed_at"`
	ContractHash   string        `json:"contract_hash"`
	DocumentSHA256 string        `json:"document_sha256"`
	Algorithm      string        `json:"algorithm"`
	Signature      string        `json:"signature"`
	PublicKey      string        `json:"public_key"`
	KeyID          string        `json:"key_id"`
	DocumentURL    string        `json:"document_url"`
}

// ContractDocumentPath is the API path of a project's contract PDF.
func ContractDocumentPath(projectID int64) string {
	return fmt.Sprintf("/api/v1/projects/%d/contract/document", projectID)
}

// ContractNotice returns the public summary of a contract signed by both
// parties with a PDF; ENOTFOUND before that.
func (m *Marketplace) ContractNotice(ctx context.Context, projectID int64) (*ContractNotice, error) {
	k, err := m.Store.FindContract(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if k.DocumentSHA256 == "" || k.OwnerSignedAt == nil || k.AgencySignedAt == nil {
		return nil, ErrNoContractDocument
	}
	owner, err := m.Store.FindAccountByID(ctx, k.OwnerID)
	if err != nil {
		return nil, err
	}
	agency, err := m.Store.FindAccountByID(ctx, k.AgencyID)
	if err != nil {
		return nil, err
	}
	caps, err := contractdoc.Capitals(int64(k.Price))
	if err != nil {
		return nil, err
	}
	start, end := contractdoc.Period(*k.OwnerSignedAt, *k.AgencySignedAt, k.ServiceDays)
	return &ContractNotice{
		ProjectID: projectID,
		Owner:     ContractParty{ID: owner.ID, Name: owner.Name, USCC: owner.USCC},
		Agency:    ContractParty{ID: agency.ID, Name: agency.Name, USCC: agency.USCC},
		Price:     k.Price, PriceCapitals: caps, ServiceDays: k.ServiceDays, PeriodStart: start, PeriodEnd: end,
		OwnerSignedAt: *k.OwnerSignedAt, AgencySignedAt: *k.AgencySignedAt, ContractHash: k.Hash,
		DocumentSHA256: k.DocumentSHA256, Algorithm: ContractSignatureAlgorithm, Signature: k.DocumentSignature,
		PublicKey: k.SigningPublicKey, KeyID: SigningKeyID(k.SigningPublicKey), DocumentURL: ContractDocumentPath(projectID),
	}, nil
}
