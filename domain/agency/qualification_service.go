package agency

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// AddQualification records a certificate with its document for the acting
// agency. The document is staged to a temporary file, checked by content
// (PDF, JPEG or PNG, at most files.MaxDocumentSize) and moved to its
// content address only as the last step of the transaction that records
// it, so a refused request leaves neither a row nor a file behind.
func (r *Registry) AddQualification(ctx context.Context, actor kernel.Actor, in QualificationInput, doc io.Reader) (*Qualification, error) {
	if err := kernel.Authorize(actor, kernel.ActQualify); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, files.ErrDocumentMissing
	}
	staged, d, err := files.StageDocument(ctx, r.Files, doc, in.FileName)
	if err != nil {
		return nil, err
	}
	defer staged.Discard()
	q := &Qualification{AgencyID: actor.ID, ItemCode: in.ItemCode, Number: in.Number, Issuer: in.Issuer,
		ValidFrom: in.ValidFrom, ValidUntil: in.ValidUntil, Document: d}
	err = files.KeepLast(ctx, r.Files, func(keep func(files.Keeper, string) error) error {
		return r.InTx(ctx, func(s Tx) error {
			if _, err := lockActive(ctx, s, actor.ID); err != nil {
				return err
			}
			it, err := s.LookupItem(ctx, in.ItemCode)
			if kernel.ErrorCode(err) == kernel.ENOTFOUND {
				return kernel.FieldError("item_code", "unknown_item", "%q is not a service item code of the catalogue.", in.ItemCode)
			} else if err != nil {
				return err
			}
			if it.Abolished {
				return kernel.FieldError("item_code", "item_abolished", "Service item %s (%s) has been abolished.", it.Code, it.Name)
			}
			if err := s.CreateFile(ctx, *d); err != nil {
				return err
			}
			if err := s.CreateQualification(ctx, q); err != nil {
				return err
			}
			now, err := s.Now(ctx)
			if err != nil {
				return err
			}
			q.Valid = q.CountsOn(now)
			err = s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.qualification_added", "qualification", strconv.FormatInt(q.ID, 10),
				map[string]any{"agency_id": q.AgencyID, "item_code": q.ItemCode, "number": q.Number, "issuer": q.Issuer,
					"valid_from": q.ValidFrom, "valid_until": q.ValidUntil, "sha256": d.SHA256, "media_type": d.MediaType, "size": d.Size}))
			if err != nil {
				return err
			}
			return keep(staged, d.SHA256)
		})
	})
	if err != nil {
		return nil, err
	}
	return q, nil
}

// DeleteQualification removes one of the acting agency's own
// qualifications. A flagged one is evidence and stays. The document stays
// in the content-addressed store (the audit row names its SHA-256).
func (r *Registry) DeleteQualification(ctx context.Context, actor kernel.Actor, id int64) error {
	if err := kernel.Authorize(actor, kernel.ActQualify); err != nil {
		return err
	}
	return r.InTx(ctx, func(s Tx) error {
		if _, err := lockActive(ctx, s, actor.ID); err != nil {
			return err
		}
		q, err := s.FindQualification(ctx, id, true)
		if err != nil {
			return err
		}
		if q.AgencyID != actor.ID {
			return ErrQualificationNotFound // another agency's: do not reveal it exists
		}
		if q.Flagged {
			return ErrQualificationFlagged
		}
		if err := s.DeleteQualification(ctx, id); err != nil {
			return err
		}
		sum := map[string]any{"agency_id": q.AgencyID, "item_code": q.ItemCode, "number": q.Number, "issuer": q.Issuer,
			"valid_from": q.ValidFrom, "valid_until": q.ValidUntil}
		if q.Document != nil {
			sum["sha256"] = q.Document.SHA256
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.qualification_deleted", "qualification", strconv.FormatInt(id, 10), sum))
	})
}

// FlagQualification records a department's or admin's finding that a
// qualification is false, with evidence. From then on it never counts; the
// flag is the fact the credit rules turn into a false-materials event.
func (r *Registry) FlagQualification(ctx context.Context, actor kernel.Actor, id int64, evidence string) (*QualificationFlag, error) {
	if err := kernel.Authorize(actor, kernel.ActFlagQualification); err != nil {
		return nil, err
	}
	evidence = strings.TrimSpace(evidence)
	if n := utf8.RuneCountInString(evidence); n < MinFlagEvidenceRunes || n > MaxFlagEvidenceRunes {
		return nil, kernel.FieldError("evidence", "evidence_length", "Describe the evidence in %d to %d characters.", MinFlagEvidenceRunes, MaxFlagEvidenceRunes)
	}
	f := &QualificationFlag{QualificationID: id, FlaggedBy: actor.ID, Evidence: evidence}
	err := r.InTx(ctx, func(s Tx) error {
		q, err := s.FindQualification(ctx, id, true)
		if err != nil {
			return err
		}
		if q.Flagged {
			return ErrAlreadyFlagged
		}
		f.AgencyID = q.AgencyID
		if err := s.CreateQualificationFlag(ctx, f); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "qualification.flagged_false", "qualification", strconv.FormatInt(id, 10),
			map[string]any{"flag_id": f.ID, "agency_id": q.AgencyID, "item_code": q.ItemCode, "number": q.Number, "evidence": evidence}))
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// QualificationDocument opens a qualification's document for the agency
// itself, departments and admins; the public sees only its metadata.
func (r *Registry) QualificationDocument(ctx context.Context, actor kernel.Actor, id int64) (*files.Document, io.ReadCloser, error) {
	if actor.IsAnonymous() {
		return nil, nil, kernel.ErrUnauthenticated
	}
	q, err := r.Store.FindQualification(ctx, id, false)
	if err != nil {
		return nil, nil, err
	}
	if !CanSeePrivate(actor, q.AgencyID) {
		return nil, nil, kernel.ErrForbidden
	}
	if q.Document == nil {
		return nil, nil, kernel.Errorf(kernel.ENOTFOUND, "document_not_found", "This qualification has no document.")
	}
	if r.Files == nil {
		return nil, nil, files.ErrUploadsDisabled
	}
	rc, err := r.Files.Open(ctx, q.Document.SHA256)
	if err != nil {
		return nil, nil, errors.Join(errors.New("domain: open qualification document"), err)
	}
	return q.Document, rc, nil
}
