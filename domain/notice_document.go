package domain

import (
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// A notice's documents (招标文件/附件): the document, its input, limits,
// errors and store live in domain/market with the use cases
// (market.Notices, notices_service.go); callers reach them
// through Marketplace.Notices (notice_document_service.go).

// Limits of a notice's documents (market).
const (
	MaxNoticeDocumentSize  = market.MaxNoticeDocumentSize
	MaxNoticeDocuments     = market.MaxNoticeDocuments
	MaxNoticeDocumentTitle = market.MaxNoticeDocumentTitle
)

// NoticeMediaTypes are the accepted types of a notice document (market).
var NoticeMediaTypes = market.NoticeMediaTypes

// NoticeTypeHeadSize is how many leading bytes a DocumentTyper is given (files).
const NoticeTypeHeadSize = files.TypeHeadSize

// DocumentTyper names a document's media type from its leading bytes
// (files.Typer; storage.MediaTyper is one).
type DocumentTyper = files.Typer

// Notice documents and their input (market).
type (
	NoticeDocument      = market.NoticeDocument
	NoticeDocumentInput = market.NoticeDocumentInput
)

// NoticeDocumentPath is the download path of a document (API).
func NoticeDocumentPath(projectID, docID int64) string {
	return market.NoticeDocumentPath(projectID, docID)
}

// Errors of notice documents (market).
var (
	ErrNoticeDocumentNotFound  = market.ErrNoticeDocumentNotFound
	ErrNoticeDocumentType      = market.ErrNoticeDocumentType
	ErrNoticeDocumentTooLarge  = market.ErrNoticeDocumentTooLarge
	ErrNoticeDocumentsFull     = market.ErrNoticeDocumentsFull
	ErrNoticeDocumentPublished = market.ErrNoticeDocumentPublished
)

// NoticeStore persists notice documents and amendments (market).
type NoticeStore = market.NoticeStore
