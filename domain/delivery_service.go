package domain

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"
)

// Deliver is the awarded agency marking delivery, with an optional note and
// document (stored as qualification documents are: content-addressed, kept
// only when the transaction's rows are written).
func (m *Marketplace) Deliver(ctx context.Context, actor Actor, projectID int64, note, fileName string, doc io.Reader) (*Delivery, error) {
	if err := Authorize(actor, ActDeliver); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxDeliveryNoteRunes {
		return nil, FieldError("note", "note_too_long", "The note must be at most %d characters.", MaxDeliveryNoteRunes)
	}
	var d *Document
	var staged StagedFile
	if doc != nil {
		if m.Files == nil {
			return nil, ErrUploadsDisabled
		}
		st, err := m.Files.Stage(ctx, doc, MaxDocumentSize)
		if err != nil {
			return nil, err
		}
		defer st.Discard()
		if st.Size() > MaxDocumentSize {
			return nil, ErrDocumentTooLarge
		}
		media := SniffDocument(st.Head())
		if media == "" {
			return nil, ErrDocumentType
		}
		staged, d = st, &Document{SHA256: st.SHA256(), MediaType: media, Size: st.Size(), FileName: fileName}
	}
	var out *Delivery
	kept := false
	err := m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if l.AwardedAgencyID == nil || *l.AwardedAgencyID != actor.ID {
			return Errorf(EFORBIDDEN, "not_awarded_agency", "Only the contracted agency delivers.")
		}
		if p.Status != ProjectContracted {
			return ErrNotContracted
		}
		if d != nil {
			if err := s.CreateFile(ctx, *d); err != nil {
				return err
			}
		}
		dv := &Delivery{ProjectID: projectID, AgencyID: actor.ID, Note: note, Document: d, Status: DeliverySubmitted, DeliveredAt: now}
		if err := s.CreateDelivery(ctx, dv); err != nil {
			return err
		}
		if err := fireProject(ctx, s, p, EventDeliver, actor); err != nil {
			return err
		}
		summary := map[string]any{"delivery_id": dv.ID, "late": l.Overdue}
		if d != nil {
			summary["sha256"] = d.SHA256
		}
		if err := s.AppendAudit(ctx, NewAudit(actor, "project.delivered", "project", projectSubject(projectID), summary)); err != nil {
			return err
		}
		out = dv
		if staged != nil {
			kept, err = staged.Keep()
		}
		return err
	})
	if err != nil {
		if kept {
			_ = m.Files.Remove(ctx, d.SHA256)
		}
		return nil, err
	}
	return out, nil
}

// DecideDelivery is the owner accepting the delivery (the evaluation window
// opens) or returning it with a reason (the agency redelivers).
func (m *Marketplace) DecideDelivery(ctx context.Context, actor Actor, projectID int64, accept bool, reason string) (*Delivery, error) {
	if err := Authorize(actor, ActAccept); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	reason = strings.TrimSpace(reason)
	if !accept {
		var err error
		if reason, err = ValidateText("reason", reason, MaxDeliveryNoteRunes); err != nil {
			return nil, err
		}
	}
	var out *Delivery
	err := m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return Errorf(EFORBIDDEN, "not_project_owner", "Only the project's owner accepts or returns a delivery.")
		}
		if p.Status != ProjectDelivered {
			return ErrNotDelivered
		}
		ds, err := s.FindDeliveries(ctx, projectID)
		if err != nil {
			return err
		}
		var d *Delivery
		for _, x := range ds {
			if x.Status == DeliverySubmitted {
				d = x
			}
		}
		if d == nil {
			return ErrNotDelivered
		}
		d.DecidedAt = &now
		ev := EventReturnWork
		if accept {
			due := m.Deadline(m.Periods.Evaluation, now)
			d.Status = DeliveryAccepted
			l.AcceptedAt, l.EvaluationDueAt = &now, &due
			ev = EventAcceptWork
		} else {
			d.Status, d.ReturnReason = DeliveryReturned, reason
		}
		if err := fireProject(ctx, s, p, ev, actor); err != nil {
			return err
		}
		if err := s.UpdateDelivery(ctx, d); err != nil {
			return err
		}
		if err := s.SaveLifecycle(ctx, l); err != nil {
			return err
		}
		out = d
		return s.AppendAudit(ctx, NewAudit(actor, "project.delivery_"+d.Status, "project", projectSubject(projectID),
			map[string]any{"delivery_id": d.ID, "reason": reason, "evaluation_due_at": l.EvaluationDueAt}))
	})
	return out, err
}

// FindDeliveries lists a project's deliveries, for its owner, the agency
// and supervisors (notes and documents are not public).
func (m *Marketplace) FindDeliveries(ctx context.Context, actor Actor, projectID int64) ([]*Delivery, error) {
	p, err := m.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	l, err := m.Store.FindLifecycle(ctx, projectID)
	if err != nil {
		return nil, err
	}
	party := p.IsOwner(actor) || (l.AwardedAgencyID != nil && *l.AwardedAgencyID == actor.ID) || actor.Role == RoleAdmin || actor.Role == RoleDepartment
	if !party {
		return nil, Errorf(EFORBIDDEN, "not_a_party", "Deliveries are visible to the owner, the agency and supervisors only.")
	}
	ds, err := m.Store.FindDeliveries(ctx, projectID)
	if ds == nil {
		ds = []*Delivery{}
	}
	return ds, err
}
