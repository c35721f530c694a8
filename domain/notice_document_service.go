package domain

import (
	"context"
	"errors"
	"io"
	"strconv"
)

// AddNoticeDocument attaches a document to the owner's project. On a draft
// it is part of the notice from publication on; on a project in bidding it
// is pending, private until an amendment publishes it. The file is staged,
// typed by its content and moved to its content address only as the last
// step of the transaction that records it (as qualifications are).
func (m *Marketplace) AddNoticeDocument(ctx context.Context, actor Actor, projectID int64, in NoticeDocumentInput, r io.Reader) (*NoticeDocument, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, ErrDocumentMissing
	}
	if m.Files == nil {
		return nil, ErrUploadsDisabled
	}
	staged, media, err := m.typeNoticeDocument(ctx, r)
	if staged != nil {
		defer staged.Discard()
	}
	if err != nil {
		return nil, err
	}
	d := &NoticeDocument{ProjectID: projectID, Title: in.Title, FileName: in.FileName, MediaType: media,
		Size: staged.Size(), SHA256: staged.SHA256()}
	created := false
	err = m.Store.InTx(ctx, func(s Store) error {
		p, err := lockOwnProject(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		switch {
		case p.Status == ProjectDraft:
		case p.Status == ProjectBidding && now.Before(p.ClosesAt):
			d.Pending = true
		default:
			return ErrAmendmentNotBidding
		}
		docs, err := s.FindNoticeDocuments(ctx, p.ID)
		if err != nil {
			return err
		}
		current := 0
		for _, x := range docs {
			if x.Current() {
				current++
			}
		}
		if current >= MaxNoticeDocuments {
			return ErrNoticeDocumentsFull
		}
		if err := s.CreateFile(ctx, Document{SHA256: d.SHA256, MediaType: d.MediaType, Size: d.Size}); err != nil {
			return err
		}
		d.CreatedAt = now
		if err := s.CreateNoticeDocument(ctx, d); err != nil {
			return err
		}
		err = s.AppendAudit(ctx, NewAudit(actor, "project.document_added", "project", projectSubject(p.ID),
			map[string]any{"document_id": d.ID, "title": d.Title, "sha256": d.SHA256, "media_type": d.MediaType,
				"size": d.Size, "pending": d.Pending}))
		if err != nil {
			return err
		}
		created, err = staged.Keep()
		return err
	})
	if err != nil {
		if created {
			_ = m.Files.Remove(ctx, d.SHA256)
		}
		return nil, err
	}
	d.DownloadURL = NoticeDocumentPath(d.ProjectID, d.ID)
	return d, nil
}

// RemoveNoticeDocument deletes a document the public has not seen: one of a
// draft, or a pending one. A published document only an amendment
// supersedes. The file stays in the content-addressed store.
func (m *Marketplace) RemoveNoticeDocument(ctx context.Context, actor Actor, projectID, docID int64) error {
	return m.Store.InTx(ctx, func(s Store) error {
		p, err := lockOwnProject(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		d, err := findNoticeDocument(ctx, s, p.ID, docID)
		if err != nil {
			return err
		}
		if p.Status != ProjectDraft && !d.Pending {
			return ErrNoticeDocumentPublished
		}
		if err := s.DeleteNoticeDocument(ctx, p.ID, d.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "project.document_removed", "project", projectSubject(p.ID),
			map[string]any{"document_id": d.ID, "title": d.Title, "sha256": d.SHA256}))
	})
}

func findNoticeDocument(ctx context.Context, s NoticeStore, projectID, docID int64) (*NoticeDocument, error) {
	docs, err := s.FindNoticeDocuments(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for _, d := range docs {
		if d.ID == docID {
			return d, nil
		}
	}
	return nil, ErrNoticeDocumentNotFound
}

// NoticeDocuments lists the documents of a project as actor may see them:
// its owner sees every one, anyone else the published ones (superseded
// included, marked by SupersededBy).
func (m *Marketplace) NoticeDocuments(ctx context.Context, actor Actor, projectID int64) ([]*NoticeDocument, error) {
	p, err := m.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	docs, err := m.Store.FindNoticeDocuments(ctx, projectID)
	if err != nil {
		return nil, err
	}
	out := make([]*NoticeDocument, 0, len(docs))
	for _, d := range docs {
		if p.IsOwner(actor) || d.PublicOn(p) {
			d.DownloadURL = NoticeDocumentPath(p.ID, d.ID)
			out = append(out, d)
		}
	}
	return out, nil
}

// OpenNoticeDocument opens one document for download, under the same
// visibility as NoticeDocuments.
func (m *Marketplace) OpenNoticeDocument(ctx context.Context, actor Actor, projectID, docID int64) (*NoticeDocument, io.ReadCloser, error) {
	docs, err := m.NoticeDocuments(ctx, actor, projectID)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		if d.ID != docID {
			continue
		}
		if m.Files == nil {
			return nil, nil, ErrUploadsDisabled
		}
		rc, err := m.Files.Open(ctx, d.SHA256)
		if err != nil {
			return nil, nil, errors.Join(errors.New("domain: open notice document "+strconv.FormatInt(docID, 10)), err)
		}
		return d, rc, nil
	}
	return nil, nil, ErrNoticeDocumentNotFound
}
