package domain

import (
	"context"
	"io"
	"time"

	"marketplace/domain/market"
)

// notices builds the notice's use cases (its documents and amendments)
// from the Marketplace's current fields.
func (m *Marketplace) notices() *market.Notices {
	return &market.Notices{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.NoticeTx { return noticeTx{marketTx{s, m.OpenData.Mailer != nil}} }),
		Files: m.Files, Typer: m.Typer, AmendmentMinRemaining: m.Periods.AmendmentMinRemaining}
}

// noticeTx is an amendment's view of a transaction: marketTx with the
// catalogue's check of the amended terms.
type noticeTx struct{ marketTx }

// CheckProjectCatalogue checks p's terms against its catalogue item
// (checkProjectCatalogue, project_service.go).
func (t noticeTx) CheckProjectCatalogue(ctx context.Context, p *Project, now time.Time) error {
	return checkProjectCatalogue(ctx, t.Store, p, now)
}

// AddNoticeDocument attaches a document to the owner's project
// (market.Notices.AddDocument).
func (m *Marketplace) AddNoticeDocument(ctx context.Context, actor Actor, projectID int64, in NoticeDocumentInput, r io.Reader) (*NoticeDocument, error) {
	return m.notices().AddDocument(ctx, actor, projectID, in, r)
}

// RemoveNoticeDocument deletes a document the public has not seen
// (market.Notices.RemoveDocument).
func (m *Marketplace) RemoveNoticeDocument(ctx context.Context, actor Actor, projectID, docID int64) error {
	return m.notices().RemoveDocument(ctx, actor, projectID, docID)
}

// NoticeDocuments lists the documents of a project as actor may see them
// (market.Notices.Documents).
func (m *Marketplace) NoticeDocuments(ctx context.Context, actor Actor, projectID int64) ([]*NoticeDocument, error) {
	return m.notices().Documents(ctx, actor, projectID)
}

// OpenNoticeDocument opens one document for download
// (market.Notices.OpenDocument).
func (m *Marketplace) OpenNoticeDocument(ctx context.Context, actor Actor, projectID, docID int64) (*NoticeDocument, io.ReadCloser, error) {
	return m.notices().OpenDocument(ctx, actor, projectID, docID)
}
