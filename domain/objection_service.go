package domain

import (
	"context"
	"time"

	"marketplace/domain/credit"
)

// Objection errors of the use cases.
var (
	ErrObjectionNotFound = &Error{Code: ENOTFOUND, Reason: "objection_not_found", Message: "Objection not found."}
	ErrNotBidder         = &Error{Code: EFORBIDDEN, Reason: "not_a_bidder", Message: "Only an agency that bid on this project can raise an objection."}
	// ErrObjectionAlreadyRaised: a bidder raises its objection to a result
	// once, with all its reasons (财政部令第94号 第十条: 一次性提出), so that
	// objecting again after each answer cannot hold an award back.
	ErrObjectionAlreadyRaised = &Error{Code: ECONFLICT, Reason: "objection_already_raised", Message: "You have already raised an objection to this result; state all reasons in one objection."}
)

// RaiseObjection is a bidder challenging the result during publicity. It
// pauses publicity: the time left moves into publicity_remaining.
func (m *Marketplace) RaiseObjection(ctx context.Context, actor Actor, projectID int64, reason string) (*Objection, error) {
	if err := Authorize(actor, ActObject); err != nil {
		return nil, err
	}
	m.settle(ctx, projectID)
	reason, err := ValidateText("reason", reason, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	var out *Objection
	err = m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if ErrorCode(err) == ENOTFOUND || (err == nil && b.Status == BidWithdrawn) {
			return ErrNotBidder
		} else if err != nil {
			return err
		}
		if p.Status != ProjectPublicity {
			return ErrNotPublicity
		}
		if l.AwardedAgencyID != nil && *l.AwardedAgencyID == actor.ID {
			return Errorf(ECONFLICT, "objection_by_candidate", "The selected agency cannot object to its own selection.")
		}
		earlier, err := s.FindObjections(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, e := range earlier {
			if e.ObjectorID == actor.ID && e.CandidateID == *l.AwardedAgencyID {
				return ErrObjectionAlreadyRaised
			}
		}
		if l.PublicityEndsAt != nil {
			left := l.PublicityEndsAt.Sub(now)
			l.PublicityEndsAt, l.PublicityRemaining = nil, &left
			if err := s.SaveLifecycle(ctx, l); err != nil {
				return err
			}
		}
		o := &Objection{ProjectID: p.ID, ObjectorID: actor.ID, CandidateID: *l.AwardedAgencyID, Reason: reason,
			Status: ObjectionOpen, AnswerDueAt: m.Deadline(m.Periods.ObjectionAnswer, now), CreatedAt: now}
		if err := s.CreateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		// The objector is known to the platform (the audit actor) but the
		// summary, like every public view, leaves the identity out.
		return s.AppendAudit(ctx, NewAudit(actor, "objection.raised", "project", projectSubject(p.ID),
			map[string]any{"objection_id": o.ID, "candidate_id": o.CandidateID, "answer_due_at": o.AnswerDueAt, "publicity_remaining": l.PublicityRemaining.String()}))
	})
	return out, err
}

// settleObjection commits, like settle, any time-driven transition due on
// the objection's project (its objections' deadlines included), so that a
// request the deadline refuses still leaves the state the scheduler would.
func (m *Marketplace) settleObjection(ctx context.Context, id int64) {
	if o, err := m.Store.FindObjection(ctx, id, false); err == nil {
		m.settle(ctx, o.ProjectID)
	}
}

// lockObjection locks the objection's project, then the objection.
func (m *Marketplace) lockObjection(ctx context.Context, s Store, id int64) (*Objection, *Project, *Lifecycle, time.Time, error) {
	o, err := s.FindObjection(ctx, id, false)
	if err != nil {
		return nil, nil, nil, time.Time{}, err
	}
	p, l, now, err := m.lockLifecycle(ctx, s, o.ProjectID)
	if err != nil {
		return nil, nil, nil, time.Time{}, err
	}
	o, err = s.FindObjection(ctx, id, true)
	return o, p, l, now, err
}

// AnswerObjection is the owner's answer, due within the answer period. It
// opens the objector's complaint period.
func (m *Marketplace) AnswerObjection(ctx context.Context, actor Actor, id int64, answer string) (*Objection, error) {
	if err := Authorize(actor, ActAnswerObjection); err != nil {
		return nil, err
	}
	answer, err := ValidateText("answer", answer, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	m.settleObjection(ctx, id)
	var out *Objection
	err = m.Store.InTx(ctx, func(s Store) error {
		o, p, _, now, err := m.lockObjection(ctx, s, id)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return Errorf(EFORBIDDEN, "not_project_owner", "Only the project's owner answers objections.")
		}
		if err := o.AnswerBy(answer, now, m.Deadline(m.Periods.Complaint, now)); err != nil {
			return err
		}
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		return s.AppendAudit(ctx, NewAudit(actor, "objection.answered", "objection", projectSubject(o.ID),
			map[string]any{"project_id": o.ProjectID, "complaint_due_at": o.ComplaintDueAt}))
	})
	return out, err
}

// EscalateObjection is the objector turning the objection into a complaint,
// within the complaint period once it is answered.
func (m *Marketplace) EscalateObjection(ctx context.Context, actor Actor, id int64) (*Objection, error) {
	if err := Authorize(actor, ActObject); err != nil {
		return nil, err
	}
	m.settleObjection(ctx, id)
	var out *Objection
	err := m.Store.InTx(ctx, func(s Store) error {
		o, _, _, now, err := m.lockObjection(ctx, s, id)
		if err != nil {
			return err
		}
		if o.ObjectorID != actor.ID {
			return Errorf(EFORBIDDEN, "not_objector", "Only the objector can escalate an objection.")
		}
		if err := o.Escalate(now); err != nil {
			return err
		}
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		return s.AppendAudit(ctx, NewAudit(actor, "objection.escalated", "objection", projectSubject(o.ID), map[string]any{"project_id": o.ProjectID}))
	})
	return out, err
}

// EscalateObjectionsJob escalates every objection left unanswered past its
// deadline (SPEC §3: "or gets no answer in time"), project by project under
// the project's lock, with the code requests run (closeDueObjections).
func (m *Marketplace) EscalateObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueObjectionAnswer, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// CloseAnsweredObjectionsJob closes every answered objection whose
// complaint period ended without an escalation, and resumes the publicity
// it paused when nothing else is pending.
func (m *Marketplace) CloseAnsweredObjectionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.eachDue(ctx, s, DueComplaint, now, func(p *Project, l *Lifecycle) error { return m.advanceDue(ctx, s, p, l, now) })
}

// closeDueObjections applies the time-driven exits of the objections of a
// locked project: unanswered past the answer period → escalated (an admin
// decides); answered and not escalated within the complaint period →
// answered_accepted. When the last objection pausing the current
// candidate's publicity closes so, publicity resumes from the end of that
// complaint period — the moment a punctual scheduler would have resumed it.
func (m *Marketplace) closeDueObjections(ctx context.Context, s Store, p *Project, l *Lifecycle, now time.Time) error {
	due, err := s.FindDueObjections(ctx, l.ProjectID, now)
	if err != nil || len(due) == 0 {
		return err
	}
	var resumeAt time.Time
	for _, o := range due {
		action, summary := "objection.escalated", map[string]any{"project_id": o.ProjectID, "reason": "unanswered in time"}
		if o.Status == ObjectionAnswered {
			if err := o.CloseAccepted(now); err != nil {
				return err
			}
			action, summary = "objection.accepted", map[string]any{"project_id": o.ProjectID, "complaint_due_at": o.ComplaintDueAt}
			if l.AwardedAgencyID != nil && *l.AwardedAgencyID == o.CandidateID && o.DecidedAt.After(resumeAt) {
				resumeAt = *o.DecidedAt
			}
		} else if err := o.Escalate(now); err != nil {
			return err
		}
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, NewAudit(SystemActor, action, "objection", projectSubject(o.ID), summary)); err != nil {
			return err
		}
	}
	if resumeAt.IsZero() {
		return nil
	}
	return m.resumePublicity(ctx, s, p, l, resumeAt)
}

// DecideObjection is an admin's decision on a complaint. Upheld: the
// candidate is disqualified (objection_upheld credit event) and the next one
// enters a new publicity, or the project fails. Rejected: publicity resumes
// with the time it had left, once no other objection against the candidate
// is pending.
func (m *Marketplace) DecideObjection(ctx context.Context, actor Actor, id int64, upheld bool, reason string) (*Objection, error) {
	if err := Authorize(actor, ActDecideObjection); err != nil {
		return nil, err
	}
	reason, err := ValidateText("reason", reason, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	m.settleObjection(ctx, id)
	var out *Objection
	err = m.Store.InTx(ctx, func(s Store) error {
		o, p, l, now, err := m.lockObjection(ctx, s, id)
		if err != nil {
			return err
		}
		if err := o.Decide(upheld, reason, now); err != nil {
			return err
		}
		o.DecidedBy = &actor.ID
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		if err := s.AppendAudit(ctx, NewAudit(actor, "objection.decided", "objection", projectSubject(o.ID),
			map[string]any{"project_id": o.ProjectID, "upheld": upheld, "reason": reason})); err != nil {
			return err
		}
		current := p.Status == ProjectPublicity && l.AwardedAgencyID != nil && *l.AwardedAgencyID == o.CandidateID
		if !current {
			// The candidate already dropped out for another reason.
			return nil
		}
		if upheld {
			pid := p.ID
			if err := credit.RecordEvent(ctx, s, &CreditEvent{AgencyID: o.CandidateID, Kind: CreditObjection, Points: kindPoints(CreditObjection),
				Source: SourceObjection, Actor: actor, Reason: "Complaint upheld: " + reason, ProjectID: &pid}); err != nil {
				return err
			}
			return m.dropCandidate(ctx, s, actor, p, l, CandidateDisqualified, reason, now)
		}
		return m.resumePublicity(ctx, s, p, l, now)
	})
	return out, err
}

// resumePublicity restarts a paused publicity at `from` with its remaining
// time when no objection against the candidate is still pending.
func (m *Marketplace) resumePublicity(ctx context.Context, s Store, p *Project, l *Lifecycle, from time.Time) error {
	if !publicityPaused(p, l) || l.AwardedAgencyID == nil {
		return nil
	}
	n, err := s.CountUnresolvedObjections(ctx, l.ProjectID, *l.AwardedAgencyID)
	if err != nil || n > 0 {
		return err
	}
	ends := from.Add(*l.PublicityRemaining)
	l.PublicityEndsAt, l.PublicityRemaining = &ends, nil
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(SystemActor, "project.publicity_resumed", "project", projectSubject(l.ProjectID),
		map[string]any{"publicity_ends_at": ends}))
}

// FindObjections lists a project's objections (public: no objector).
func (m *Marketplace) FindObjections(ctx context.Context, projectID int64, pg Page) (List[*Objection], error) {
	if _, err := m.Store.FindProjectByID(ctx, projectID, NoLock); err != nil {
		return List[*Objection]{}, err
	}
	all, err := m.Store.FindObjections(ctx, projectID)
	if err != nil {
		return List[*Objection]{}, err
	}
	return pageOf(all, pg), nil
}

// FindObjection returns one objection (public: no objector).
func (m *Marketplace) FindObjection(ctx context.Context, id int64) (*Objection, error) {
	return m.Store.FindObjection(ctx, id, false)
}

// ListComplaints lists escalated objections awaiting an admin's decision.
func (m *Marketplace) ListComplaints(ctx context.Context, actor Actor, p Page) (List[*Objection], error) {
	if actor.Role != RoleAdmin {
		return List[*Objection]{}, ErrForbidden
	}
	if err := p.Normalize(); err != nil {
		return List[*Objection]{}, err
	}
	items, total, err := m.Store.FindEscalatedObjections(ctx, p)
	if err != nil {
		return List[*Objection]{}, err
	}
	return NewList(items, total, p), nil
}
