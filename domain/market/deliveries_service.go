package market

import (
	"context"
	"io"
	"strings"
	"unicode/utf8"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// Deliver is the awarded agency marking delivery, with an optional note and
// document (stored as qualification documents are: content-addressed, kept
// only when the transaction's rows are written).
func (pa *PostAward) Deliver(ctx context.Context, actor kernel.Actor, projectID int64, note, fileName string, doc io.Reader) (*Delivery, error) {
	if err := kernel.Authorize(actor, kernel.ActDeliver); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxDeliveryNoteRunes {
		return nil, kernel.FieldError("note", "note_too_long", "The note must be at most %d characters.", MaxDeliveryNoteRunes)
	}
	var d *files.Document
	var staged files.Staged
	if doc != nil {
		var err error
		if staged, d, err = files.StageDocument(ctx, pa.Files, doc, fileName); err != nil {
			return nil, err
		}
		defer staged.Discard()
	}
	var out *Delivery
	err := files.KeepLast(ctx, pa.Files, func(keep func(files.Keeper, string) error) error {
		return pa.InTx(ctx, func(s LifecycleTx) error {
			p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
			if err != nil {
				return err
			}
			if l.AwardedAgencyID == nil || *l.AwardedAgencyID != actor.ID {
				return kernel.Errorf(kernel.EFORBIDDEN, "not_awarded_agency", "Only the contracted agency delivers.")
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
			if err := Fire(ctx, s, p, EventDeliver, actor); err != nil {
				return err
			}
			summary := map[string]any{"delivery_id": dv.ID, "late": l.Overdue}
			if d != nil {
				summary["sha256"] = d.SHA256
			}
			if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "project.delivered", "project", ProjectSubject(projectID), summary)); err != nil {
				return err
			}
			out = dv
			if staged == nil {
				return nil
			}
			return keep(staged, d.SHA256)
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DecideDelivery is the owner accepting the delivery (the evaluation window
// opens) or returning it with a reason (the agency redelivers).
func (pa *PostAward) DecideDelivery(ctx context.Context, actor kernel.Actor, projectID int64, accept bool, reason string) (*Delivery, error) {
	if err := kernel.Authorize(actor, kernel.ActAccept); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	reason = strings.TrimSpace(reason)
	if !accept {
		var err error
		if reason, err = kernel.ValidateText("reason", reason, MaxDeliveryNoteRunes); err != nil {
			return nil, err
		}
	}
	var out *Delivery
	err := pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_project_owner", "Only the project's owner accepts or returns a delivery.")
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
			due := pa.Deadline(pa.Evaluation, now)
			d.Status = DeliveryAccepted
			l.AcceptedAt, l.EvaluationDueAt = &now, &due
			ev = EventAcceptWork
		} else {
			d.Status, d.ReturnReason = DeliveryReturned, reason
		}
		if err := Fire(ctx, s, p, ev, actor); err != nil {
			return err
		}
		if err := s.UpdateDelivery(ctx, d); err != nil {
			return err
		}
		if err := s.SaveLifecycle(ctx, l); err != nil {
			return err
		}
		out = d
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.delivery_"+d.Status, "project", ProjectSubject(projectID),
			map[string]any{"delivery_id": d.ID, "reason": reason, "evaluation_due_at": l.EvaluationDueAt}))
	})
	return out, err
}

// FindDeliveries lists a project's deliveries, for its owner, the agency
// and supervisors (notes and documents are not public).
func (pa *PostAward) FindDeliveries(ctx context.Context, actor kernel.Actor, projectID int64) ([]*Delivery, error) {
	p, err := pa.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	l, err := pa.Store.FindLifecycle(ctx, projectID)
	if err != nil {
		return nil, err
	}
	party := p.IsOwner(actor) || (l.AwardedAgencyID != nil && *l.AwardedAgencyID == actor.ID) ||
		actor.Role == kernel.RoleAdmin || actor.Role == kernel.RoleDepartment
	if !party {
		return nil, kernel.Errorf(kernel.EFORBIDDEN, "not_a_party", "Deliveries are visible to the owner, the agency and supervisors only.")
	}
	ds, err := pa.Store.FindDeliveries(ctx, projectID)
	if ds == nil {
		ds = []*Delivery{}
	}
	return ds, err
}
