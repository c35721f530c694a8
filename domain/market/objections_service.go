package market

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// ObjectionReader reads objections (质疑): one, a project's, and the
// complaints awaiting a decision.
type ObjectionReader interface {
	FindObjection(ctx context.Context, id int64, forUpdate bool) (*Objection, error)
	FindObjections(ctx context.Context, projectID int64) ([]*Objection, error)
	FindEscalatedObjections(ctx context.Context, p kernel.Page) ([]*Objection, int, error)
}

// ObjectionStore persists objections against a candidate and their
// answers and escalations.
type ObjectionStore interface {
	ObjectionReader
	CreateObjection(ctx context.Context, o *Objection) error
	UpdateObjection(ctx context.Context, o *Objection) error
	// FindDueObjections locks the project's objections whose time-driven
	// exit is due at now (Objection.Overdue), earliest deadline first.
	FindDueObjections(ctx context.Context, projectID int64, now time.Time) ([]*Objection, error)
	// CountUnresolvedObjections counts objections against the candidate that
	// still pause publicity.
	CountUnresolvedObjections(ctx context.Context, projectID, candidateID int64) (int, error)
}

// Objection errors of the use cases.
var (
	ErrObjectionNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "objection_not_found", Message: "Objection not found."}
	ErrNotBidder         = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "not_a_bidder", Message: "Only an agency that bid on this project can raise an objection."}
	// ErrObjectionAlreadyRaised: a bidder raises its objection to a result
	// once, with all its reasons (财政部令第94号 第十条: 一次性提出), so that
	// objecting again after each answer cannot hold an award back.
	ErrObjectionAlreadyRaised = &kernel.Error{Code: kernel.ECONFLICT, Reason: "objection_already_raised", Message: "You have already raised an objection to this result; state all reasons in one objection."}
)

// RaiseObjection is a bidder challenging the result during publicity. It
// pauses publicity: the time left moves into publicity_remaining.
func (pa *PostAward) RaiseObjection(ctx context.Context, actor kernel.Actor, projectID int64, reason string) (*Objection, error) {
	if err := kernel.Authorize(actor, kernel.ActObject); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	reason, err := kernel.ValidateText("reason", reason, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	var out *Objection
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if kernel.ErrorCode(err) == kernel.ENOTFOUND || (err == nil && b.Status == BidWithdrawn) {
			return ErrNotBidder
		} else if err != nil {
			return err
		}
		if p.Status != ProjectPublicity {
			return ErrNotPublicity
		}
		if l.AwardedAgencyID != nil && *l.AwardedAgencyID == actor.ID {
			return kernel.Errorf(kernel.ECONFLICT, "objection_by_candidate", "The selected agency cannot object to its own selection.")
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
			Status: ObjectionOpen, AnswerDueAt: pa.Deadline(pa.ObjectionAnswer, now), CreatedAt: now}
		if err := s.CreateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		// The objector is known to the platform (the audit actor) but the
		// summary, like every public view, leaves the identity out.
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "objection.raised", "project", ProjectSubject(p.ID),
			map[string]any{"objection_id": o.ID, "candidate_id": o.CandidateID, "answer_due_at": o.AnswerDueAt, "publicity_remaining": l.PublicityRemaining.String()}))
	})
	return out, err
}

// settleObjection commits, like Settle, any time-driven transition due on
// the objection's project (its objections' deadlines included), so that a
// request the deadline refuses still leaves the state the scheduler would.
func (pa *PostAward) settleObjection(ctx context.Context, id int64) {
	if o, err := pa.Store.FindObjection(ctx, id, false); err == nil {
		pa.Settle(ctx, o.ProjectID)
	}
}

// lockObjection locks the objection's project, then the objection.
func (pa *PostAward) lockObjection(ctx context.Context, s LifecycleTx, id int64) (*Objection, *Project, *Lifecycle, time.Time, error) {
	o, err := s.FindObjection(ctx, id, false)
	if err != nil {
		return nil, nil, nil, time.Time{}, err
	}
	p, l, now, err := pa.LockLifecycle(ctx, s, o.ProjectID)
	if err != nil {
		return nil, nil, nil, time.Time{}, err
	}
	o, err = s.FindObjection(ctx, id, true)
	return o, p, l, now, err
}

// AnswerObjection is the owner's answer, due within the answer period. It
// opens the objector's complaint period.
func (pa *PostAward) AnswerObjection(ctx context.Context, actor kernel.Actor, id int64, answer string) (*Objection, error) {
	if err := kernel.Authorize(actor, kernel.ActAnswerObjection); err != nil {
		return nil, err
	}
	answer, err := kernel.ValidateText("answer", answer, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	pa.settleObjection(ctx, id)
	var out *Objection
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		o, p, _, now, err := pa.lockObjection(ctx, s, id)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_project_owner", "Only the project's owner answers objections.")
		}
		if err := o.AnswerBy(answer, now, pa.Deadline(pa.Complaint, now)); err != nil {
			return err
		}
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "objection.answered", "objection", ProjectSubject(o.ID),
			map[string]any{"project_id": o.ProjectID, "complaint_due_at": o.ComplaintDueAt}))
	})
	return out, err
}

// EscalateObjection is the objector turning the objection into a complaint,
// within the complaint period once it is answered.
func (pa *PostAward) EscalateObjection(ctx context.Context, actor kernel.Actor, id int64) (*Objection, error) {
	if err := kernel.Authorize(actor, kernel.ActObject); err != nil {
		return nil, err
	}
	pa.settleObjection(ctx, id)
	var out *Objection
	err := pa.InTx(ctx, func(s LifecycleTx) error {
		o, _, _, now, err := pa.lockObjection(ctx, s, id)
		if err != nil {
			return err
		}
		if o.ObjectorID != actor.ID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_objector", "Only the objector can escalate an objection.")
		}
		if err := o.Escalate(now); err != nil {
			return err
		}
		if err := s.UpdateObjection(ctx, o); err != nil {
			return err
		}
		out = o
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "objection.escalated", "objection", ProjectSubject(o.ID), map[string]any{"project_id": o.ProjectID}))
	})
	return out, err
}

// closeDueObjections applies the time-driven exits of the objections of a
// locked project: unanswered past the answer period → escalated (an admin
// decides); answered and not escalated within the complaint period →
// answered_accepted. When the last objection pausing the current
// candidate's publicity closes so, publicity resumes from the end of that
// complaint period — the moment a punctual scheduler would have resumed it.
func (pa *PostAward) closeDueObjections(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, now time.Time) error {
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
		if err := s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, action, "objection", ProjectSubject(o.ID), summary)); err != nil {
			return err
		}
	}
	if resumeAt.IsZero() {
		return nil
	}
	return resumePublicity(ctx, s, p, l, resumeAt)
}

// DecideObjection is an admin's decision on a complaint. Upheld: the
// candidate is disqualified (objection_upheld credit event) and the next one
// enters a new publicity, or the project fails. Rejected: publicity resumes
// with the time it had left, once no other objection against the candidate
// is pending.
func (pa *PostAward) DecideObjection(ctx context.Context, actor kernel.Actor, id int64, upheld bool, reason string) (*Objection, error) {
	if err := kernel.Authorize(actor, kernel.ActDecideObjection); err != nil {
		return nil, err
	}
	reason, err := kernel.ValidateText("reason", reason, MaxObjectionTextRunes)
	if err != nil {
		return nil, err
	}
	pa.settleObjection(ctx, id)
	var out *Objection
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		o, p, l, now, err := pa.lockObjection(ctx, s, id)
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
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "objection.decided", "objection", ProjectSubject(o.ID),
			map[string]any{"project_id": o.ProjectID, "upheld": upheld, "reason": reason})); err != nil {
			return err
		}
		current := p.Status == ProjectPublicity && l.AwardedAgencyID != nil && *l.AwardedAgencyID == o.CandidateID
		if !current {
			// The candidate already dropped out for another reason.
			return nil
		}
		if upheld {
			if _, err := s.RecordCreditEvent(ctx, CreditEvent{AgencyID: o.CandidateID, Kind: CreditObjectionUpheld, Source: CreditSourceObjection,
				Actor: actor, Reason: "Complaint upheld: " + reason, ProjectID: p.ID}); err != nil {
				return err
			}
			return pa.DropCandidate(ctx, s, actor, p, l, CandidateDisqualified, reason, now)
		}
		return resumePublicity(ctx, s, p, l, now)
	})
	return out, err
}

// resumePublicity restarts a paused publicity at `from` with its remaining
// time when no objection against the candidate is still pending.
func resumePublicity(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, from time.Time) error {
	paused := p.Status == ProjectPublicity && l.PublicityRemaining != nil
	if !paused || l.AwardedAgencyID == nil {
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
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "project.publicity_resumed", "project", ProjectSubject(l.ProjectID),
		map[string]any{"publicity_ends_at": ends}))
}

// Objections lists a project's objections (public: no objector).
func (pa *PostAward) Objections(ctx context.Context, projectID int64, pg kernel.Page) (kernel.List[*Objection], error) {
	if _, err := pa.Store.FindProjectByID(ctx, projectID, NoLock); err != nil {
		return kernel.List[*Objection]{}, err
	}
	all, err := pa.Store.FindObjections(ctx, projectID)
	if err != nil {
		return kernel.List[*Objection]{}, err
	}
	return kernel.PageOf(all, pg), nil
}

// Objection returns one objection (public: no objector).
func (pa *PostAward) Objection(ctx context.Context, id int64) (*Objection, error) {
	return pa.Store.FindObjection(ctx, id, false)
}

// Complaints lists escalated objections awaiting an admin's decision.
func (pa *PostAward) Complaints(ctx context.Context, actor kernel.Actor, p kernel.Page) (kernel.List[*Objection], error) {
	if actor.Role != kernel.RoleAdmin {
		return kernel.List[*Objection]{}, kernel.ErrForbidden
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Objection]{}, err
	}
	items, total, err := pa.Store.FindEscalatedObjections(ctx, p)
	if err != nil {
		return kernel.List[*Objection]{}, err
	}
	return kernel.NewList(items, total, p), nil
}
