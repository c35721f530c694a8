package market

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// BidDocument is a document (响应文件) attached to an agency's sealed bid.
// Like the price, it is read by the agency alone until the close, and then
// by the owner, departments and admins (CanReadBids).
type BidDocument struct {
	ID         int64     `json:"id"`
	ProjectID  int64     `json:"project_id"`
	AgencyID   int64     `json:"agency_id"`
	AgencyName string    `json:"agency_name,omitempty"`
	SHA256     string    `json:"sha256"`
	MediaType  string    `json:"media_type"`
	Size       int64     `json:"size"`
	FileName   string    `json:"file_name"`
	UploadedAt time.Time `json:"uploaded_at"`
}

// BidDocumentUpload is one document as the agency sends it; the
// market types it by its content (Bidding.Typer), never by its
// name or the client's word.
type BidDocumentUpload struct {
	FileName string
	Client   kernel.Client
}

// AuditBidReceipt is the audit action that carries a bid's receipt digest.
const AuditBidReceipt = "bid_receipt.sealed"

// BidReceipt (报价回执) is what the agency keeps of its sealed bid. Digest
// is SHA-256 of Canonical, which holds Nonce: the audit row AuditID (action
// bid_receipt.sealed) carries the same digest, and once sealed into the chain at
// AuditSeq its hash is AuditHash, so the receipt's numbers are checked with
// sha256sum and verify-audit without the platform's help.
type BidReceipt struct {
	ProjectID      int64                `json:"project_id"`
	ProjectTitle   string               `json:"project_title"`
	AgencyID       int64                `json:"agency_id"`
	AgencyName     string               `json:"agency_name"`
	Price          kernel.Money         `json:"price"`
	ServiceDays    int                  `json:"service_days"`
	SubmittedAt    time.Time            `json:"submitted_at"`
	ProposalSHA256 string               `json:"proposal_sha256"`
	Documents      []BidReceiptDocument `json:"documents"`
	Nonce          string               `json:"nonce"`
	Canonical      string               `json:"canonical"`
	Digest         string               `json:"receipt_sha256"`
	IssuedAt       time.Time            `json:"issued_at"`
	AuditID        int64                `json:"audit_id"`
	AuditSeq       *int64               `json:"audit_seq,omitempty"`
	AuditHash      string               `json:"audit_hash,omitempty"`
}

// BidReceiptDocument is one document as the receipt lists it.
type BidReceiptDocument struct {
	SHA256   string `json:"sha256"`
	FileName string `json:"file_name"`
	Size     int64  `json:"size"`
}

// receiptVersion names the layout of Canonical; a new layout gets a new name.
const receiptVersion = "marketplace-bid-receipt-v1"

// canonicalReceipt is the text the digest is taken over, one field a line,
// documents in upload order. File names are left out: they are the
// agency's labels, not what it committed to.
func canonicalReceipt(b *Bid, docs []string, nonce string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\nproject: %d\nagency: %d\nprice: %s\nservice_days: %d\nsubmitted_at: %s\nproposal_sha256: %s\n",
		receiptVersion, b.ProjectID, b.AgencyID, b.Price, b.ServiceDays, b.SubmittedAt.UTC().Format(time.RFC3339Nano), proposalSHA256(b.Proposal))
	for _, sha := range docs {
		fmt.Fprintf(&sb, "document: %s\n", sha)
	}
	fmt.Fprintf(&sb, "nonce: %s\n", nonce)
	return sb.String()
}

// documentDigests lists the documents' SHA-256, in their order: what a
// receipt names of them.
func documentDigests(docs []*BidDocument) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.SHA256
	}
	return out
}

func proposalSHA256(proposal string) string {
	h := sha256.Sum256([]byte(proposal))
	return hex.EncodeToString(h[:])
}

// ReceiptDigest is SHA-256 of the canonical text, in hex.
func ReceiptDigest(canonical string) string {
	h := sha256.Sum256([]byte(canonical))
	return hex.EncodeToString(h[:])
}

// Errors of bid documents.
var (
	ErrBidDocumentNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "bid_document_not_found", Message: "Bid document not found."}
	ErrBidDocumentMissing  = &kernel.Error{Code: kernel.EINVALID, Reason: "attachment_required", Field: "file", Message: "Send the document in the \"file\" part."}
	ErrBidDocumentExists   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bid_document_duplicate", Field: "file", Message: "This document is already attached to your bid."}
	ErrBidNotSubmitted     = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bid_documents_need_bid", Message: "Submit your bid (price) first; documents attach to a submitted bid."}
)
