package domain

import (
	"context"

	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// BidDocumentStore persists the documents of sealed bids and their
// receipts (bid_document_service.go).
type BidDocumentStore interface {
	// AddBidDocument writes d (setting ID) and its evidence; ErrBidDocumentExists
	// when the bid already has this file, ErrBiddingClosed when the
	// deadline guard refuses it.
	AddBidDocument(ctx context.Context, d *market.BidDocument, ev *supervision.BidEvidence) error
	// RemoveBidDocument deletes d and writes its evidence.
	RemoveBidDocument(ctx context.Context, d *market.BidDocument, ev *supervision.BidEvidence) error
	// LockBid reads the agency's bid on the project and locks its row FOR
	// UPDATE, so that one agency's document changes run one at a time (the
	// count rule holds under concurrent uploads); ErrBidNotFound.
	LockBid(ctx context.Context, projectID, agencyID int64) (*market.Bid, error)
	// FindBidDocuments lists the documents of one agency's bid, oldest first.
	FindBidDocuments(ctx context.Context, projectID, agencyID int64) ([]*market.BidDocument, error)
	// FindProjectBidDocuments lists the documents of every bid on a project
	// whose bid is not withdrawn, by agency then upload order.
	FindProjectBidDocuments(ctx context.Context, projectID int64) ([]*market.BidDocument, error)
	// FindBidDocument reads one document of the project (ErrBidDocumentNotFound).
	FindBidDocument(ctx context.Context, projectID, docID int64) (*market.BidDocument, error)
	// SaveBidReceipt writes the receipt's audit row (AuditBidReceipt, with
	// the digest) and keeps its nonce, digest and audit id, in one statement.
	SaveBidReceipt(ctx context.Context, r *market.BidReceipt, audit AuditEntry) error
	// FindBidReceipt reads the latest receipt of a bid: nonce, digest,
	// issue time and audit row (ID, and Seq and Hash once sealed).
	FindBidReceipt(ctx context.Context, projectID, agencyID int64) (*market.BidReceipt, error)
	// BidDocumentHashes maps each agency with a live bid on the project to
	// its documents' SHA-256 (identical_documents).
	BidDocumentHashes(ctx context.Context, projectID int64) (map[int64][]string, error)
}
