package domain

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"

	"marketplace/domain/contractdoc"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// ContractRenderer lays a contract document out as a PDF. It is
// infrastructure (a PDF library and a font); it only computes, so it may run
// inside the signing transaction, which fixes the signing times it prints.
type ContractRenderer interface {
	RenderContract(d *contractdoc.Document) ([]byte, error)
}

// ContractDocuments is what the electronic contract needs: a renderer and
// the platform key (the audit-checkpoint key when configured, otherwise
// CONTRACT_SIGNING_KEY). Without both, contracts are signed without a PDF.
type ContractDocuments struct {
	Renderer ContractRenderer
	Signer   *Signer
}

func (c ContractDocuments) enabled() bool { return c.Renderer != nil && c.Signer != nil }

// ContractSignatureAlgorithm names how the contract PDF is signed.
const ContractSignatureAlgorithm = "Ed25519"

// ContractMediaType is the contract document's media type.
const ContractMediaType = "application/pdf"

// ContractSignedMessage is what the platform signs for a contract: the 32
// raw bytes of the PDF's SHA-256, so anyone can check a downloaded file
// with any Ed25519 tool. It fails for a malformed hex digest.
func ContractSignedMessage(sha256Hex string) ([]byte, error) {
	b, err := hex.DecodeString(sha256Hex)
	if err != nil || len(b) != sha256.Size {
		return nil, fmt.Errorf("contract digest %q is not a hex SHA-256", sha256Hex)
	}
	return b, nil
}

// VerifyContractDocument checks a contract file against a published
// signature: its SHA-256 must be the published one and the signature must
// verify with the public key. It returns the file's SHA-256.
func VerifyContractDocument(file []byte, published *ContractNotice) (string, error) {
	sum := sha256.Sum256(file)
	got := hex.EncodeToString(sum[:])
	if published.DocumentSHA256 != "" && got != published.DocumentSHA256 {
		return got, fmt.Errorf("the file's SHA-256 %s is not the published %s: the file is not the signed contract", got, published.DocumentSHA256)
	}
	if !VerifySignature(published.PublicKey, sum[:], published.Signature) {
		return got, fmt.Errorf("the signature does not verify with public key %s", SigningKeyID(published.PublicKey))
	}
	return got, nil
}

// renderContract makes the contract PDF once both have signed, inside the
// signing transaction (the signing times it prints are fixed there), stages
// it in Files and records its hash and signature on k. The caller keeps the
// staged file when the transaction's work succeeded. No network is touched:
// rendering is computation, Files a local directory.
func (m *Marketplace) renderContract(ctx context.Context, s Store, p *market.Project, k *market.Contract) (files.Staged, error) {
	if !m.ContractDocs.enabled() || m.Files == nil {
		return nil, nil
	}
	facts, err := m.contractFacts(ctx, s, p, k)
	if err != nil {
		return nil, err
	}
	doc, err := contractdoc.New(*facts)
	if err != nil {
		return nil, err
	}
	pdf, err := m.ContractDocs.Renderer.RenderContract(doc)
	if err != nil {
		return nil, fmt.Errorf("render contract %d: %w", p.ID, err)
	}
	st, err := m.Files.Stage(ctx, bytes.NewReader(pdf), files.MaxDocumentSize)
	if err != nil {
		return nil, err
	}
	if st.Size() > files.MaxDocumentSize {
		st.Discard()
		return nil, fmt.Errorf("contract %d: the PDF is %d bytes, above %d", p.ID, st.Size(), files.MaxDocumentSize)
	}
	if err := s.CreateFile(ctx, files.Document{SHA256: st.SHA256(), MediaType: ContractMediaType, Size: st.Size()}); err != nil {
		st.Discard()
		return nil, err
	}
	msg, err := ContractSignedMessage(st.SHA256())
	if err != nil {
		st.Discard()
		return nil, err
	}
	k.DocumentSHA256, k.DocumentSignature, k.SigningPublicKey = st.SHA256(), m.ContractDocs.Signer.Sign(msg), m.ContractDocs.Signer.PublicKey()
	return st, nil
}

// contractFacts gathers what the contract says: the parties as registered,
// the project and item, and the item's template (or the default).
func (m *Marketplace) contractFacts(ctx context.Context, s Store, p *market.Project, k *market.Contract) (*contractdoc.Facts, error) {
	owner, err := s.FindAccountByID(ctx, k.OwnerID)
	if err != nil {
		return nil, err
	}
	agency, err := s.FindAccountByID(ctx, k.AgencyID)
	if err != nil {
		return nil, err
	}
	tpl, err := effectiveTemplate(ctx, s, p.ItemCode)
	if err != nil {
		return nil, err
	}
	var investment *string
	if p.InvestmentProjectCode != "" {
		code := p.InvestmentProjectCode
		investment = &code
	}
	return &contractdoc.Facts{
		InvestmentCode: investment,
		ProjectID:      p.ID, OCID: m.ocidPrefix() + strconv.FormatInt(p.ID, 10), Title: p.Title, ItemCode: p.ItemCode, ItemName: p.ItemName,
		Owner:    contractdoc.Party{Name: owner.Name, USCC: owner.USCC},
		Agency:   contractdoc.Party{Name: agency.Name, USCC: agency.USCC},
		PriceFen: int64(k.Price), ServiceDays: k.ServiceDays,
		OwnerSignedAt: *k.OwnerSignedAt, AgencySignedAt: *k.AgencySignedAt, Template: *tpl,
	}, nil
}

// effectiveTemplate is the item's template, else the saved default, else
// the built-in default (contractdoc.EffectiveTemplate).
func effectiveTemplate(ctx context.Context, s Store, itemCode string) (*contractdoc.Template, error) {
	return contractdoc.EffectiveTemplate(ctx, s, itemCode)
}

// ErrNoContractDocument: the contract is not signed by both yet, or was
// signed without a PDF.
var ErrNoContractDocument = &Error{Code: ENOTFOUND, Reason: "contract_document_not_found", Message: "This contract has no signed document."}

// CanReadContractDocument: the two parties, administrators and supervising
// departments download the PDF; the public sees the notice (合同公示).
func CanReadContractDocument(actor Actor, k *market.Contract) bool {
	return actor.ID == k.OwnerID && actor.ID != 0 || actor.ID == k.AgencyID && actor.ID != 0 ||
		actor.Role == RoleAdmin || actor.Role == RoleDepartment
}

// OpenContractDocument returns the signed contract PDF to a party, an
// administrator or a department.
func (m *Marketplace) OpenContractDocument(ctx context.Context, actor Actor, projectID int64) (io.ReadCloser, *market.Contract, error) {
	if actor.IsAnonymous() {
		return nil, nil, ErrUnauthenticated
	}
	k, err := m.Store.FindContract(ctx, projectID)
	if err != nil {
		return nil, nil, err
	}
	if !CanReadContractDocument(actor, k) {
		return nil, nil, Errorf(EFORBIDDEN, "not_contract_party", "Only the parties to the contract may download it.")
	}
	if k.DocumentSHA256 == "" || m.Files == nil {
		return nil, nil, ErrNoContractDocument
	}
	rc, err := m.Files.Open(ctx, k.DocumentSHA256)
	if err != nil {
		return nil, nil, err
	}
	return rc, k, nil
}
