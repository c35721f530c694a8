package domain

import "marketplace/domain/market"

// The bid documents (响应文件) and receipts (报价回执) live in domain/market.

type (
	// BidDocument is a document attached to an agency's sealed bid (market).
	BidDocument = market.BidDocument
	// BidDocumentUpload is one document as the agency sends it (market).
	BidDocumentUpload = market.BidDocumentUpload
	// BidReceipt is what the agency keeps of its sealed bid (market).
	BidReceipt = market.BidReceipt
	// BidReceiptDocument is one document as the receipt lists it (market).
	BidReceiptDocument = market.BidReceiptDocument
)

// AuditBidReceipt is the audit action that carries a bid's receipt digest (market).
const AuditBidReceipt = market.AuditBidReceipt

// ReceiptDigest is SHA-256 of the canonical text, in hex (market).
func ReceiptDigest(canonical string) string { return market.ReceiptDigest(canonical) }

// Errors of bid documents and receipts (market).
var (
	ErrBidDocumentNotFound = market.ErrBidDocumentNotFound
	ErrBidDocumentMissing  = market.ErrBidDocumentMissing
	ErrBidDocumentExists   = market.ErrBidDocumentExists
	ErrBidNotSubmitted     = market.ErrBidNotSubmitted
	ErrAuctionNoDocuments  = market.ErrAuctionNoDocuments
	ErrReceiptNotFound     = market.ErrReceiptNotFound
	ErrReceiptOutdated     = market.ErrReceiptOutdated
)
