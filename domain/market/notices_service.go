package market

import (
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// AmendmentKind is the notification kind of an amendment.
const AmendmentKind = "project.amended"

// CatalogueCheck checks a project's terms against the catalogue item it
// names (the item exists and admits them, the investment code where one is
// required, of the year at now: the clock the caller read after its lock);
// domain answers it with the catalogue's rules.
type CatalogueCheck interface {
	CheckProjectCatalogue(ctx context.Context, p *Project, now time.Time) error
}

// NoticeReads is what the notice's use cases read outside a transaction.
type NoticeReads interface {
	ProjectReader
	NoticeStore
}

// NoticeTx is the transaction of an amendment or a notice document: the
// project, its documents and amendments, the uploaded files' records, the
// clock and audit log, the agencies' notifications and the catalogue check.
type NoticeTx interface {
	ProjectReader
	NoticeStore
	CreateFile(ctx context.Context, d files.Document) error
	kernel.Auditor
	Notifier
	CatalogueCheck
}

// Notices holds the use cases of a published notice: its documents
// (招标文件/附件) and its amendments (更正公告); domain.Marketplace builds
// one per call from its fields.
type Notices struct {
	// Store reads outside a transaction.
	Store NoticeReads
	// InTx runs a function in one transaction over NoticeTx.
	InTx kernel.TxFunc[NoticeTx]
	// Files keeps the documents; nil when uploads are not configured.
	Files files.Storage
	// Typer names a document's type by its content (nil: PDF, JPEG and
	// PNG only).
	Typer files.Typer
	// AmendmentMinRemaining is the least bidding time an amendment leaves.
	AmendmentMinRemaining time.Duration
}

// AmendProject publishes an amendment (更正公告) of the owner's project in
// bidding. Inside one transaction, after the project row is locked and the
// platform clock read: the changes are applied and checked as a draft's
// are, the close moves so that AmendmentMinRemaining remains, the
// documents are published or superseded, every submitted bid is flagged
// for confirmation, and every interested agency is told, each on its own
// (no one learns who else bid).
func (ns *Notices) AmendProject(ctx context.Context, actor kernel.Actor, projectID int64, in AmendmentInput) (*Amendment, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	if err := in.ValidateShape(); err != nil {
		return nil, err
	}
	var out *Amendment
	err := ns.InTx(ctx, func(s NoticeTx) error {
		p, now, err := LockOwnProjectAt(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		if p.Status != ProjectBidding || !now.Before(p.ClosesAt) {
			return ErrAmendmentNotBidding
		}
		before := p.ClosesAt
		changes, err := in.ChangesTo(p)
		if err != nil {
			return err
		}
		docChange, err := checkAmendmentDocuments(ctx, s, p.ID, in)
		if err != nil {
			return err
		}
		if docChange != nil {
			changes = append(changes, *docChange)
		}
		if len(changes) == 0 {
			return ErrAmendmentEmpty
		}
		if err := p.Validate(); err != nil {
			return err
		}
		if err := s.CheckProjectCatalogue(ctx, p, now); err != nil {
			return err
		}
		extended := ExtendClose(p, now, ns.AmendmentMinRemaining)
		if err := s.UpdateProjectTerms(ctx, p); err != nil {
			return err
		}
		a := &Amendment{ProjectID: p.ID, ProjectTitle: p.Title, Rationale: in.Rationale, Changes: changes,
			ClosesBefore: before, ClosesAfter: p.ClosesAt, CloseExtended: extended, PublishedAt: now}
		if err := s.CreateAmendment(ctx, a); err != nil {
			return err
		}
		if err := s.PublishNoticeDocuments(ctx, p.ID, a.ID, in.AddDocuments); err != nil {
			return err
		}
		if err := s.SupersedeNoticeDocuments(ctx, p.ID, a.ID, in.SupersedeDocuments); err != nil {
			return err
		}
		if _, err := s.MarkBidsNeedConfirmation(ctx, p.ID); err != nil {
			return err
		}
		// One notification per interested agency, each its own row: the
		// title is the notice's name in the platform's language, as the
		// other notifications' are; the page renders it by kind.
		to, err := s.FindInterestedAgencies(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := s.NotifyAgencies(ctx, AgencyNotice{Kind: AmendmentKind, Title: "更正公告", Body: p.Title, ProjectID: p.ID,
			DedupeKey: "amendment:" + strconv.FormatInt(a.ID, 10), At: a.PublishedAt}, to); err != nil {
			return err
		}
		out = a
		// No count of bids in the audit row: it is readable before the close.
		fields := make([]string, len(changes))
		for i, c := range changes {
			fields[i] = c.Field
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.amended", "project", ProjectSubject(p.ID),
			map[string]any{"amendment_id": a.ID, "fields": fields, "closes_before": before, "closes_after": p.ClosesAt,
				"add_documents": in.AddDocuments, "supersede_documents": in.SupersedeDocuments}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkAmendmentDocuments checks that the documents to add are the
// project's pending ones and those to supersede its current published
// ones, and that the notice keeps at most MaxNoticeDocuments.
func checkAmendmentDocuments(ctx context.Context, s NoticeStore, projectID int64, in AmendmentInput) (*AmendmentChange, error) {
	if len(in.AddDocuments) == 0 && len(in.SupersedeDocuments) == 0 {
		return nil, nil
	}
	docs, err := s.FindNoticeDocuments(ctx, projectID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*NoticeDocument{}
	published := 0
	for _, d := range docs {
		byID[d.ID] = d
		if d.Current() && !d.Pending {
			published++
		}
	}
	var added, superseded []string
	for _, id := range in.AddDocuments {
		d := byID[id]
		if d == nil || !d.Pending {
			return nil, &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_document_not_pending", Field: "add_documents",
				Message: "Document " + strconv.FormatInt(id, 10) + " is not a pending document of this project; upload it first.",
				Params:  map[string]any{"document_id": id}}
		}
		added = append(added, d.Title)
	}
	for _, id := range in.SupersedeDocuments {
		d := byID[id]
		if d == nil || d.Pending || !d.Current() || slices.Contains(in.AddDocuments, id) {
			return nil, &kernel.Error{Code: kernel.EINVALID, Reason: "amendment_document_not_current", Field: "supersede_documents",
				Message: "Document " + strconv.FormatInt(id, 10) + " is not a current published document of this project.",
				Params:  map[string]any{"document_id": id}}
		}
		superseded = append(superseded, d.Title)
	}
	if published-len(in.SupersedeDocuments)+len(in.AddDocuments) > MaxNoticeDocuments {
		return nil, ErrNoticeDocumentsFull
	}
	return &AmendmentChange{Field: AmendDocuments, Before: superseded, After: added}, nil
}

// Amendments lists a project's amendments, oldest first.
func (ns *Notices) Amendments(ctx context.Context, actor kernel.Actor, projectID int64) ([]*Amendment, error) {
	p, err := ns.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return ns.Store.FindAmendments(ctx, projectID)
}

// RecentAmendments pages every published amendment, newest first (the
// 更正公告 list).
func (ns *Notices) RecentAmendments(ctx context.Context, p kernel.Page) (kernel.List[*Amendment], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*Amendment]{}, err
	}
	items, total, err := ns.Store.FindRecentAmendments(ctx, p)
	if err != nil {
		return kernel.List[*Amendment]{}, err
	}
	return kernel.NewList(items, total, p), nil
}

// AddDocument attaches a document to the owner's project. On a draft it is
// part of the notice from publication on; on a project in bidding it is
// pending, private until an amendment publishes it. The file is staged,
// typed by its content and moved to its content address only as the last
// step of the transaction that records it (as qualifications are).
func (ns *Notices) AddDocument(ctx context.Context, actor kernel.Actor, projectID int64, in NoticeDocumentInput, r io.Reader) (*NoticeDocument, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, files.ErrDocumentMissing
	}
	if ns.Files == nil {
		return nil, files.ErrUploadsDisabled
	}
	staged, media, err := files.StageTyped(ctx, ns.Files, ns.Typer, r, MaxNoticeDocumentSize)
	if err != nil {
		return nil, err
	}
	defer staged.Discard()
	if staged.Size() > MaxNoticeDocumentSize {
		return nil, ErrNoticeDocumentTooLarge
	}
	if !slices.Contains(NoticeMediaTypes, media) {
		return nil, ErrNoticeDocumentType
	}
	d := &NoticeDocument{ProjectID: projectID, Title: in.Title, FileName: in.FileName, MediaType: media,
		Size: staged.Size(), SHA256: staged.SHA256()}
	err = files.KeepLast(ctx, ns.Files, func(keep func(files.Keeper, string) error) error {
		return ns.InTx(ctx, func(s NoticeTx) error {
			p, now, err := LockOwnProjectAt(ctx, s, actor, projectID)
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
			if err := s.CreateFile(ctx, files.Document{SHA256: d.SHA256, MediaType: d.MediaType, Size: d.Size}); err != nil {
				return err
			}
			d.CreatedAt = now
			if err := s.CreateNoticeDocument(ctx, d); err != nil {
				return err
			}
			err = s.AppendAudit(ctx, kernel.NewAudit(actor, "project.document_added", "project", ProjectSubject(p.ID),
				map[string]any{"document_id": d.ID, "title": d.Title, "sha256": d.SHA256, "media_type": d.MediaType,
					"size": d.Size, "pending": d.Pending}))
			if err != nil {
				return err
			}
			return keep(staged, d.SHA256)
		})
	})
	if err != nil {
		return nil, err
	}
	d.DownloadURL = NoticeDocumentPath(d.ProjectID, d.ID)
	return d, nil
}

// RemoveDocument deletes a document the public has not seen: one of a
// draft, or a pending one. A published document only an amendment
// supersedes. The file stays in the content-addressed store.
func (ns *Notices) RemoveDocument(ctx context.Context, actor kernel.Actor, projectID, docID int64) error {
	return ns.InTx(ctx, func(s NoticeTx) error {
		p, err := LockOwnProject(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		docs, err := s.FindNoticeDocuments(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(docs, func(d *NoticeDocument) bool { return d.ID == docID })
		if i < 0 {
			return ErrNoticeDocumentNotFound
		}
		d := docs[i]
		if p.Status != ProjectDraft && !d.Pending {
			return ErrNoticeDocumentPublished
		}
		if err := s.DeleteNoticeDocument(ctx, p.ID, d.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.document_removed", "project", ProjectSubject(p.ID),
			map[string]any{"document_id": d.ID, "title": d.Title, "sha256": d.SHA256}))
	})
}

// Documents lists the documents of a project as actor may see them: its
// owner sees every one, anyone else the published ones (superseded
// included, marked by SupersededBy).
func (ns *Notices) Documents(ctx context.Context, actor kernel.Actor, projectID int64) ([]*NoticeDocument, error) {
	p, err := ns.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	docs, err := ns.Store.FindNoticeDocuments(ctx, projectID)
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

// OpenDocument opens one document for download, under the same
// visibility as Documents.
func (ns *Notices) OpenDocument(ctx context.Context, actor kernel.Actor, projectID, docID int64) (*NoticeDocument, io.ReadCloser, error) {
	docs, err := ns.Documents(ctx, actor, projectID)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		if d.ID != docID {
			continue
		}
		if ns.Files == nil {
			return nil, nil, files.ErrUploadsDisabled
		}
		rc, err := ns.Files.Open(ctx, d.SHA256)
		if err != nil {
			return nil, nil, errors.Join(errors.New("market: open notice document "+strconv.FormatInt(docID, 10)), err)
		}
		return d, rc, nil
	}
	return nil, nil, ErrNoticeDocumentNotFound
}
