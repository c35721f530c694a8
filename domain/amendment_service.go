package domain

import (
	"context"
	"slices"
	"strconv"

	"marketplace/domain/market"
)

// AmendProject publishes an amendment (更正公告) of the owner's project in
// bidding. Inside one transaction, after the project row is locked and the
// platform clock read: the changes are applied and checked as a draft's
// are, the close moves so that Periods.AmendmentMinRemaining remains, the
// documents are published or superseded, every submitted bid is flagged
// for confirmation, and every interested agency is told, each on its own
// (no one learns who else bid).
func (m *Marketplace) AmendProject(ctx context.Context, actor Actor, projectID int64, in AmendmentInput) (*Amendment, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if err := in.ValidateShape(); err != nil {
		return nil, err
	}
	var out *Amendment
	err := m.Store.InTx(ctx, func(s Store) error {
		p, err := lockOwnProject(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
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
		if err := checkProjectCatalogue(ctx, s, p); err != nil {
			return err
		}
		extended := market.ExtendClose(p, now, m.Periods.AmendmentMinRemaining)
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
		if err := m.notifyAmendment(ctx, s, p, a); err != nil {
			return err
		}
		out = a
		// No count of bids in the audit row: it is readable before the close.
		fields := make([]string, len(changes))
		for i, c := range changes {
			fields[i] = c.Field
		}
		return s.AppendAudit(ctx, NewAudit(actor, "project.amended", "project", projectSubject(p.ID),
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
			return nil, &Error{Code: EINVALID, Reason: "amendment_document_not_pending", Field: "add_documents",
				Message: "Document " + strconv.FormatInt(id, 10) + " is not a pending document of this project; upload it first.",
				Params:  map[string]any{"document_id": id}}
		}
		added = append(added, d.Title)
	}
	for _, id := range in.SupersedeDocuments {
		d := byID[id]
		if d == nil || d.Pending || !d.Current() || slices.Contains(in.AddDocuments, id) {
			return nil, &Error{Code: EINVALID, Reason: "amendment_document_not_current", Field: "supersede_documents",
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

// AmendmentKind is the notification kind of an amendment.
const AmendmentKind = "project.amended"

// notifyAmendment writes one notification per interested agency. The
// title is the notice's name in the platform's language, as the other
// notifications' are; the page renders it by kind.
func (m *Marketplace) notifyAmendment(ctx context.Context, s Store, p *Project, a *Amendment) error {
	to, err := s.FindInterestedAgencies(ctx, p.ID)
	if err != nil {
		return err
	}
	pid := p.ID
	for _, id := range to {
		n := &Notification{Kind: AmendmentKind, Title: "更正公告", Body: p.Title, ProjectID: &pid,
			DedupeKey: "amendment:" + strconv.FormatInt(a.ID, 10), CreatedAt: a.PublishedAt}
		if _, err := m.notify(ctx, s, n, []int64{id}); err != nil {
			return err
		}
	}
	return nil
}

// Amendments lists a project's amendments, oldest first.
func (m *Marketplace) Amendments(ctx context.Context, actor Actor, projectID int64) ([]*Amendment, error) {
	p, err := m.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	return m.Store.FindAmendments(ctx, projectID)
}

// RecentAmendments pages every published amendment, newest first (the
// 更正公告 list).
func (m *Marketplace) RecentAmendments(ctx context.Context, p Page) (List[*Amendment], error) {
	if err := p.Normalize(); err != nil {
		return List[*Amendment]{}, err
	}
	items, total, err := m.Store.FindRecentAmendments(ctx, p)
	if err != nil {
		return List[*Amendment]{}, err
	}
	return NewList(items, total, p), nil
}

// ConfirmBid confirms the agency's sealed bid after an amendment, as it
// stands; a bid the amended terms no longer admit must be revised instead.
func (m *Marketplace) ConfirmBid(ctx context.Context, actor Actor, projectID int64) (*Bid, error) {
	if err := Authorize(actor, ActBid); err != nil {
		return nil, err
	}
	var out *Bid
	err := m.Store.InTx(ctx, func(s Store) error {
		p, now, err := openForBids(ctx, s, actor, projectID, LockShare)
		if err != nil {
			return err
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if err != nil {
			return err
		}
		if b.Status != BidSubmitted || !b.NeedsConfirmation {
			return ErrBidNoConfirmationNeeded
		}
		in := BidInput{Price: b.Price, Proposal: b.Proposal, ServiceDays: b.ServiceDays}
		if err := in.Validate(p); err != nil {
			return err
		}
		if _, err := checkBidder(ctx, s, actor, p, now, p.IsAuction()); err != nil {
			return err
		}
		if err := s.ConfirmBid(ctx, p.ID, actor.ID, now); err != nil {
			return err
		}
		b.NeedsConfirmation, b.UpdatedAt = false, now
		out = b
		return s.AppendAudit(ctx, NewAudit(actor, "bid.confirmed", "project", projectSubject(p.ID), map[string]any{"agency_id": actor.ID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
