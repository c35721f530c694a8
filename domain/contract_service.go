package domain

import (
	"context"
	"time"

	"marketplace/domain/credit"
)

// award ends a publicity that ran out with no objection pending: the project
// is awarded and the contract is drawn up for both parties to sign within
// the signing period.
func (m *Marketplace) award(ctx context.Context, s Store, p *Project, l *Lifecycle, now time.Time) error {
	cs, err := s.FindCandidates(ctx, p.ID)
	if err != nil {
		return err
	}
	c := selectedCandidate(cs)
	if c == nil {
		return Errorf(EINTERNAL, "no_selected_candidate", "Project %d is in publicity without a selected candidate.", p.ID)
	}
	days := p.ServiceDays
	if b, err := s.FindBid(ctx, p.ID, c.AgencyID); err == nil {
		days = b.ServiceDays
	} else if ErrorCode(err) != ENOTFOUND {
		return err
	}
	k := &Contract{ProjectID: p.ID, OwnerID: p.OwnerID, AgencyID: c.AgencyID, Price: c.Price, ServiceDays: days, StartDate: ShanghaiDate(now)}
	if err := s.SaveContract(ctx, k); err != nil {
		return err
	}
	due := m.Deadline(m.Periods.Signing, now)
	if err := fireProject(ctx, s, p, EventAward, SystemActor); err != nil {
		return err
	}
	l.PublicityEndsAt, l.PublicityRemaining, l.SigningDueAt = nil, nil, &due
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(SystemActor, "project.awarded", "project", projectSubject(p.ID),
		map[string]any{"agency_id": c.AgencyID, "price": c.Price, "service_days": days, "signing_due_at": due}))
}

// EndPublicityJob awards every project whose publicity ran out. Paused
// publicity (an objection pending) has no end time and is not due.
func (m *Marketplace) EndPublicityJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DuePublicity, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// ExpireSigningJob handles every award whose signing period passed.
func (m *Marketplace) ExpireSigningJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueSigning, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// signingMissed ends an award whose signing period passed unsigned. When the
// agency had not signed, it gets a signing_refused credit event and the next
// candidate enters publicity (or the project fails). When the agency signed
// and only the owner did not, no agency is at fault: the project fails and
// the owner may repost (the spec is silent; punishing the next agency's
// chance for the owner's delay would be worse).
func (m *Marketplace) signingMissed(ctx context.Context, s Store, p *Project, l *Lifecycle, now time.Time) error {
	k, err := s.FindContract(ctx, p.ID)
	if err != nil {
		return err
	}
	if k.AgencySignedAt != nil {
		if err := fireProject(ctx, s, p, EventOwnerUnsigned, SystemActor); err != nil {
			return err
		}
		l.SigningDueAt = nil
		if err := s.SaveLifecycle(ctx, l); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(SystemActor, "project.failed", "project", projectSubject(p.ID),
			map[string]any{"reason": "owner did not sign the contract in time"}))
	}
	pid := p.ID
	if err := credit.RecordEvent(ctx, s, &CreditEvent{AgencyID: k.AgencyID, Kind: CreditSigningRefused, Points: kindPoints(CreditSigningRefused),
		Source: SourceScheduler, Reason: "The contract was not signed within the signing period.", ProjectID: &pid}); err != nil {
		return err
	}
	return m.dropCandidate(ctx, s, SystemActor, p, l, CandidateLapsed, "signing period passed", now)
}

// SignContract records the signature of the owner or the awarded agency.
// When both have signed the contract is immutable, the project contracted,
// and the contract's hash goes into the audit chain.
func (m *Marketplace) SignContract(ctx context.Context, actor Actor, projectID int64) (*Contract, error) {
	if err := Authorize(actor, ActSignContract); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	var out *Contract
	kept := false
	err := m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if p.Status != ProjectAwarded {
			return ErrNotAwarded
		}
		k, err := s.FindContract(ctx, projectID)
		if err != nil {
			return err
		}
		complete, err := k.Sign(actor.ID, now)
		if err != nil {
			return err
		}
		var staged StagedFile
		if complete {
			if staged, err = m.renderContract(ctx, s, p, k); err != nil {
				return err
			}
			if staged != nil {
				defer staged.Discard()
			}
		}
		if err := s.SaveContract(ctx, k); err != nil {
			return err
		}
		summary := map[string]any{"party": actor.Role, "complete": complete}
		if !complete {
			// The first signer signed these terms; the PDF does not exist
			// until the second signature, whose entry carries its hash.
			summary["terms_hash"] = k.ComputeHash()
		}
		if complete {
			summary["document_sha256"], summary["signature"], summary["key_id"] = k.DocumentSHA256, k.DocumentSignature, SigningKeyID(k.SigningPublicKey)
			due := now.Add(time.Duration(k.ServiceDays) * 24 * time.Hour)
			if err := fireProject(ctx, s, p, EventSign, actor); err != nil {
				return err
			}
			l.SigningDueAt, l.ServiceDueAt = nil, &due
			if err := s.SaveLifecycle(ctx, l); err != nil {
				return err
			}
			summary["hash"], summary["price"], summary["service_days"], summary["start_date"], summary["service_due_at"] =
				k.Hash, k.Price, k.ServiceDays, k.StartDate, due
		}
		out = k
		if err := s.AppendAudit(ctx, NewAudit(actor, "contract.signed", "project", projectSubject(projectID), summary)); err != nil {
			return err
		}
		if staged != nil {
			kept, err = staged.Keep()
		}
		return err
	})
	if err != nil && kept {
		_ = m.Files.Remove(ctx, out.DocumentSHA256)
	}
	return out, err
}

// DeclineContract is the awarded agency refusing the contract (for direct
// selection: declining the pick). It is a signing_refused credit event; the
// next candidate enters publicity, or the project fails.
func (m *Marketplace) DeclineContract(ctx context.Context, actor Actor, projectID int64, reason string) (*Project, error) {
	if err := Authorize(actor, ActDeclineContract); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	reason, err := ValidateText("reason", reason, MaxContractReasonRunes)
	if err != nil {
		return nil, err
	}
	var out *Project
	err = m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if p.Status != ProjectAwarded {
			return ErrNotAwarded
		}
		k, err := s.FindContract(ctx, projectID)
		if err != nil {
			return err
		}
		if actor.ID != k.AgencyID {
			return Errorf(EFORBIDDEN, "not_awarded_agency", "Only the awarded agency can decline the contract.")
		}
		if k.AgencySignedAt != nil {
			return Errorf(ECONFLICT, "already_signed", "You have already signed this contract.")
		}
		pid := p.ID
		if err := credit.RecordEvent(ctx, s, &CreditEvent{AgencyID: k.AgencyID, Kind: CreditSigningRefused, Points: kindPoints(CreditSigningRefused),
			Source: SourceSystem, Actor: actor, Reason: "The agency refused to sign the contract: " + reason, ProjectID: &pid}); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, NewAudit(actor, "contract.declined", "project", projectSubject(p.ID), map[string]any{"reason": reason})); err != nil {
			return err
		}
		if err := m.dropCandidate(ctx, s, actor, p, l, CandidateDeclined, reason, now); err != nil {
			return err
		}
		out, err = s.FindProjectByID(ctx, projectID, NoLock)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m.publicView(out), nil
}

// FindContract returns a project's contract (public: its terms are the
// published result's).
func (m *Marketplace) FindContract(ctx context.Context, projectID int64) (*Contract, error) {
	return m.Store.FindContract(ctx, projectID)
}
