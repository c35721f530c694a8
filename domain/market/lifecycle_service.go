package market

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// StageStore reads and writes a project's stage state after bidding
// closes.
type StageStore interface {
	// FindLifecycle reads the stage columns of a project the caller has
	// already loaded (and, to change it, locked).
	FindLifecycle(ctx context.Context, projectID int64) (*Lifecycle, error)
	// SaveLifecycle writes the awarded agency and the stage columns (the
	// status is written by SetProjectStatus only).
	SaveLifecycle(ctx context.Context, l *Lifecycle) error
}

// CandidateStore persists the ranked candidates of a published result.
type CandidateStore interface {
	CreateCandidates(ctx context.Context, cs []*ProjectCandidate) error
	FindCandidates(ctx context.Context, projectID int64) ([]*ProjectCandidate, error)
	SetCandidateStatus(ctx context.Context, projectID int64, rank int, status, reason string) error
}

// BidReader reads an agency's bid on a project.
type BidReader interface {
	FindBid(ctx context.Context, projectID, agencyID int64) (*Bid, error)
}

// EvaluationStore persists the owner's evaluations and the agencies'
// replies.
type EvaluationStore interface {
	CreateEvaluation(ctx context.Context, e *Evaluation, ownerID int64) error
	FindEvaluation(ctx context.Context, projectID int64, forUpdate bool) (*Evaluation, error)
	SaveEvaluationReply(ctx context.Context, e *Evaluation) error
	// FindAgencyEvaluations pages an agency's evaluations, newest first.
	FindAgencyEvaluations(ctx context.Context, agencyID int64, p kernel.Page) ([]*Evaluation, int, error)
}

// Credit event kinds and sources the market records; the values are
// credit's (TestMarket_ReadsCreditValues in domain keeps them equal).
const (
	CreditEvaluation     = "evaluation"
	CreditLateDelivery   = "late_delivery"
	CreditSigningRefused = "signing_refused"
	// CreditObjectionUpheld: a complaint against the candidate upheld.
	CreditObjectionUpheld = "objection_upheld"

	CreditSourceEvaluation = "evaluation"
	CreditSourceObjection  = "objection"
	CreditSourceScheduler  = "scheduler"
	CreditSourceSystem     = "system"
)

// CreditEvent is a credit event (信用评价) a market use case records
// against an agency in the transaction of the change.
type CreditEvent struct {
	AgencyID  int64
	Kind      string
	Source    string
	Actor     kernel.Actor
	Reason    string
	ProjectID int64
	// Rating is the evaluation an event of kind CreditEvaluation counts.
	Rating *Evaluation
}

// CreditEvents is the credit context's port: domain fills it with
// credit.RecordEvent, which counts the points of the event's kind (of its
// rating, for an evaluation) and returns them.
type CreditEvents interface {
	RecordCreditEvent(ctx context.Context, ev CreditEvent) (points int, err error)
}

// LifecycleTx is the transaction of a use case after bidding closes: the
// project, its bids, stage state and candidates, the contract, payments and
// evaluations, the status, the clock and audit log, the credit events, the
// contract's PDF and the bidding close.
type LifecycleTx interface {
	ProjectReader
	BidReader
	StageStore
	CandidateStore
	ContractStore
	DeliveryStore
	ObjectionStore
	PaymentStore
	EvaluationStore
	LowPriceSettler
	StatusWriter
	AwardStore
	kernel.Auditor
	Inbox
	CreditEvents
	ContractDocuments
	// CloseTx: a request after the deadline closes bidding first.
	CloseTx
}

// LifecycleReads is what the use cases after the award read outside a
// transaction.
type LifecycleReads interface {
	ProjectReader
	StageStore
	CandidateStore
	ContractStore
	DeliveryReader
	ObjectionReader
	PaymentStore
	EvaluationStore
	LowPriceReader
}

// PostAward holds the use cases after bidding closes: the lifecycle's core
// (LockLifecycle, AdvanceDue, Settle), the award, a candidate's publicity
// and its dropping out, objections and complaints against the candidate
// (objections_service.go), the contract's signing and refusal
// (contracts_service.go), the agencies' explanations of abnormally low
// prices and the owner's decisions on them (low_prices_service.go), the
// overdue service, the agency's deliveries and
// the owner's acceptance or return of them (deliveries_service.go), the
// departments' payments (payments_service.go), the owner's evaluation with
// the agency's reply (网上评价) and the public lifecycle view;
// domain.Marketplace builds one per call from its fields.
type PostAward struct {
	// Store reads outside a transaction.
	Store LifecycleReads
	// InTx runs a function in one transaction over LifecycleTx.
	InTx kernel.TxFunc[LifecycleTx]
	// Files stages a delivery's document, and removes a contract's PDF or
	// a delivery's document kept by a transaction that then failed; nil
	// when uploads are not configured.
	Files files.Storage
	// Deadline is the end of period p started at from, over the working
	// calendar and its overrides (domain's Marketplace.Deadline).
	Deadline func(p Period, from time.Time) time.Time
	// Publicity is the period a selected candidate is published for;
	// Signing the period both parties have to sign the contract;
	// Evaluation the owner's window to rate an accepted delivery;
	// ObjectionAnswer the owner's time to answer an objection and
	// Complaint the objector's time, after the answer, to escalate it.
	Publicity, Signing, Evaluation, ObjectionAnswer, Complaint Period
	// LowPriceDue is when an explanation asked for at a close at now is
	// due (the close a late request runs first).
	LowPriceDue func(now time.Time) time.Time
	// Log takes what a use case cannot return (a refused selection whose
	// audit failed); nil logs to slog's default.
	Log *slog.Logger
}

// LockLifecycle locks the project row and reads its stage state, first
// applying any time-driven transition already due, so that a late
// scheduler never lets a request act on a stage whose deadline passed
// (SPEC §3).
func (pa *PostAward) LockLifecycle(ctx context.Context, s LifecycleTx, id int64) (*Project, *Lifecycle, time.Time, error) {
	// CloseDue locks the row and closes bidding first if its deadline passed.
	p, err := CloseDue(ctx, s, id, pa.LowPriceDue)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	l, err := s.FindLifecycle(ctx, id)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	if err := pa.AdvanceDue(ctx, s, p, l, now); err != nil {
		return nil, nil, time.Time{}, err
	}
	return p, l, now, nil
}

// AdvanceDue applies the time-driven transitions due on a locked project:
// first its objections' deadlines (which may resume publicity), then the
// one stage transition due, if any; the jobs call the same code.
func (pa *PostAward) AdvanceDue(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, now time.Time) error {
	if err := pa.closeDueObjections(ctx, s, p, l, now); err != nil {
		return err
	}
	switch {
	case p.Status == ProjectPublicity && l.PublicityEndsAt != nil && !now.Before(*l.PublicityEndsAt):
		return pa.award(ctx, s, p, l, now)
	case p.Status == ProjectAwarded && l.SigningDueAt != nil && !now.Before(*l.SigningDueAt):
		return pa.signingMissed(ctx, s, p, l, now)
	case p.Status == ProjectContracted && !l.Overdue && l.ServiceDueAt != nil && !now.Before(*l.ServiceDueAt):
		return flagOverdue(ctx, s, p, l)
	case p.Status == ProjectAccepted && l.EvaluationDueAt != nil && !now.Before(*l.EvaluationDueAt):
		// The window ended unrated: the default rating (all 5, marked default).
		return completeWith(ctx, s, kernel.SystemActor, p, l, DefaultEvaluation(p.ID, *l.AwardedAgencyID, now))
	}
	return nil
}

// Settle commits, in a transaction of its own, any time-driven transition
// already due on the project, so that a request arriving after a deadline
// sees (and leaves) the state the scheduler would have made, even when the
// request itself is then refused and rolled back. Errors are left for the
// request's own transaction to report.
func (pa *PostAward) Settle(ctx context.Context, projectID int64) {
	_ = pa.InTx(ctx, func(s LifecycleTx) error {
		_, _, _, err := pa.LockLifecycle(ctx, s, projectID)
		return err
	})
}

// Evaluate records the owner's rating after acceptance, within the window;
// it is a credit event for the agency and completes the project.
func (pa *PostAward) Evaluate(ctx context.Context, actor kernel.Actor, projectID int64, in EvaluationInput) (*Evaluation, error) {
	if err := kernel.Authorize(actor, kernel.ActEvaluate); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	e := &Evaluation{ProjectID: projectID, Quality: in.Quality, Timeliness: in.Timeliness, Attitude: in.Attitude, Fee: in.Fee,
		Comment: strings.TrimSpace(in.Comment)}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	err := pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.LockLifecycle(ctx, s, projectID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_project_owner", "Only the project's owner evaluates the agency.")
		}
		if p.Status != ProjectAccepted {
			return ErrNotAccepted
		}
		e.AgencyID, e.CreatedAt = *l.AwardedAgencyID, now
		return completeWith(ctx, s, actor, p, l, e)
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// completeWith writes the evaluation and its credit event and completes the
// project.
func completeWith(ctx context.Context, s LifecycleTx, actor kernel.Actor, p *Project, l *Lifecycle, e *Evaluation) error {
	if err := s.CreateEvaluation(ctx, e, p.OwnerID); err != nil {
		return err
	}
	points, err := s.RecordCreditEvent(ctx, CreditEvent{AgencyID: e.AgencyID, Kind: CreditEvaluation, Source: CreditSourceEvaluation,
		Actor: actor, Reason: evaluationReason(e), ProjectID: p.ID, Rating: e})
	if err != nil {
		return err
	}
	if err := Fire(ctx, s, p, EventEvaluate, actor); err != nil {
		return err
	}
	l.EvaluationDueAt = nil
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(actor, "project.evaluated", "project", ProjectSubject(p.ID),
		map[string]any{"evaluation_id": e.ID, "quality": e.Quality, "timeliness": e.Timeliness, "attitude": e.Attitude, "fee": e.Fee,
			"default": e.IsDefault, "points": points}))
}

func evaluationReason(e *Evaluation) string {
	if e.IsDefault {
		return "Default rating: the evaluation window ended unrated."
	}
	return "Owner's evaluation after acceptance."
}

// StartPublicity makes c the selected candidate and opens a full publicity
// period for it.
func (pa *PostAward) StartPublicity(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, c *ProjectCandidate, ev Event,
	actor kernel.Actor, now time.Time) error {
	if err := Fire(ctx, s, p, ev, actor); err != nil {
		return err
	}
	ends := pa.Deadline(pa.Publicity, now)
	l.AwardedAgencyID = &c.AgencyID
	l.PublicityEndsAt, l.PublicityRemaining, l.SigningDueAt = &ends, nil, nil
	c.Status = CandidateSelected
	if err := s.SetCandidateStatus(ctx, l.ProjectID, c.Rank, CandidateSelected, ""); err != nil {
		return err
	}
	return s.SaveLifecycle(ctx, l)
}

// DropCandidate takes the selected candidate out (disqualified, declined or
// lapsed) and promotes the next waiting one into a new publicity, or fails
// the project when none is left. It rewrites the public result.
func (pa *PostAward) DropCandidate(ctx context.Context, s LifecycleTx, actor kernel.Actor, p *Project, l *Lifecycle, status, reason string,
	now time.Time) error {
	cs, err := s.FindCandidates(ctx, p.ID)
	if err != nil {
		return err
	}
	var next *ProjectCandidate
	for _, c := range cs {
		switch {
		case c.Status == CandidateSelected:
			c.Status, c.Reason = status, reason
			if err := s.SetCandidateStatus(ctx, p.ID, c.Rank, status, reason); err != nil {
				return err
			}
		case c.Status == CandidateWaiting && next == nil:
			next = c
		}
	}
	if next != nil {
		if err := pa.StartPublicity(ctx, s, p, l, next, EventPromoteNext, actor, now); err != nil {
			return err
		}
	} else {
		if err := Fire(ctx, s, p, EventDropLast, actor); err != nil {
			return err
		}
		l.AwardedAgencyID = nil
		l.PublicityEndsAt, l.PublicityRemaining, l.SigningDueAt = nil, nil, nil
		if err := s.SaveLifecycle(ctx, l); err != nil {
			return err
		}
	}
	if err := refreshResult(ctx, s, p, cs); err != nil {
		return err
	}
	summary := map[string]any{"status": p.Status, "dropped": status, "reason": reason}
	if next != nil {
		summary["next_agency_id"] = next.AgencyID
		summary["publicity_ends_at"] = l.PublicityEndsAt
	}
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "project.candidate_dropped", "project", ProjectSubject(p.ID), summary))
}

// award ends a publicity that ran out with no objection pending: the project
// is awarded and the contract is drawn up for both parties to sign within
// the signing period.
func (pa *PostAward) award(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle, now time.Time) error {
	cs, err := s.FindCandidates(ctx, p.ID)
	if err != nil {
		return err
	}
	c := SelectedCandidate(cs)
	if c == nil {
		return kernel.Errorf(kernel.EINTERNAL, "no_selected_candidate", "Project %d is in publicity without a selected candidate.", p.ID)
	}
	days := p.ServiceDays
	if b, err := s.FindBid(ctx, p.ID, c.AgencyID); err == nil {
		days = b.ServiceDays
	} else if kernel.ErrorCode(err) != kernel.ENOTFOUND {
		return err
	}
	k := &Contract{ProjectID: p.ID, OwnerID: p.OwnerID, AgencyID: c.AgencyID, Price: c.Price, ServiceDays: days, StartDate: ShanghaiDate(now)}
	if err := s.SaveContract(ctx, k); err != nil {
		return err
	}
	due := pa.Deadline(pa.Signing, now)
	if err := Fire(ctx, s, p, EventAward, kernel.SystemActor); err != nil {
		return err
	}
	l.PublicityEndsAt, l.PublicityRemaining, l.SigningDueAt = nil, nil, &due
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "project.awarded", "project", ProjectSubject(p.ID),
		map[string]any{"agency_id": c.AgencyID, "price": c.Price, "service_days": days, "signing_due_at": due}))
}

// flagOverdue marks the service overdue once, with a late_delivery credit
// event; the agency may still deliver.
func flagOverdue(ctx context.Context, s LifecycleTx, p *Project, l *Lifecycle) error {
	l.Overdue = true
	if err := s.SaveLifecycle(ctx, l); err != nil {
		return err
	}
	if _, err := s.RecordCreditEvent(ctx, CreditEvent{AgencyID: *l.AwardedAgencyID, Kind: CreditLateDelivery, Source: CreditSourceScheduler,
		Reason: "The service was not delivered by the contract deadline.", ProjectID: p.ID}); err != nil {
		return err
	}
	return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "project.overdue", "project", ProjectSubject(p.ID),
		map[string]any{"service_due_at": l.ServiceDueAt}))
}

// ReplyToEvaluation is the agency's one public reply.
func (pa *PostAward) ReplyToEvaluation(ctx context.Context, actor kernel.Actor, projectID int64, reply string) (*Evaluation, error) {
	if err := kernel.Authorize(actor, kernel.ActReplyEvaluation); err != nil {
		return nil, err
	}
	pa.Settle(ctx, projectID)
	reply, err := kernel.ValidateText("reply", reply, MaxEvaluationTextRunes)
	if err != nil {
		return nil, err
	}
	var out *Evaluation
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		if _, _, _, err := pa.LockLifecycle(ctx, s, projectID); err != nil {
			return err
		}
		e, err := s.FindEvaluation(ctx, projectID, true)
		if err != nil {
			return err
		}
		if e.AgencyID != actor.ID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_evaluated_agency", "Only the evaluated agency can reply.")
		}
		if e.Reply != nil {
			return kernel.Errorf(kernel.ECONFLICT, "already_replied", "The agency has already replied to this evaluation.")
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		e.Reply, e.RepliedAt = &reply, &now
		if err := s.SaveEvaluationReply(ctx, e); err != nil {
			return err
		}
		out = e
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "evaluation.replied", "project", ProjectSubject(projectID), map[string]any{"evaluation_id": e.ID}))
	})
	return out, err
}

// AgencyEvaluations is the public list of an agency's evaluations with
// its replies (shown on the agency profile).
func (pa *PostAward) AgencyEvaluations(ctx context.Context, agencyID int64, pg kernel.Page) (kernel.List[*Evaluation], error) {
	if err := pg.Normalize(); err != nil {
		return kernel.List[*Evaluation]{}, err
	}
	es, n, err := pa.Store.FindAgencyEvaluations(ctx, agencyID, pg)
	if err != nil {
		return kernel.List[*Evaluation]{}, err
	}
	return kernel.NewList(es, n, pg), nil
}

// View returns the public lifecycle view of a published project.
func (pa *PostAward) View(ctx context.Context, actor kernel.Actor, id int64) (*LifecycleView, error) {
	p, err := pa.Store.FindProjectByID(ctx, id, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	l, err := pa.Store.FindLifecycle(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &LifecycleView{Status: p.Status, Lifecycle: *l, Candidates: []*ProjectCandidate{}}
	if l.PublicityRemaining != nil {
		sec := l.PublicityRemaining.Seconds()
		v.PublicityRemainingSeconds = &sec
	}
	if cs, err := pa.Store.FindCandidates(ctx, id); err != nil {
		return nil, err
	} else if cs != nil {
		v.Candidates = cs
	}
	if k, err := pa.Store.FindContract(ctx, id); err == nil {
		v.Contract = k
	} else if kernel.ErrorCode(err) != kernel.ENOTFOUND {
		return nil, err
	}
	if e, err := pa.Store.FindEvaluation(ctx, id, false); err == nil {
		v.Evaluation = e
	} else if kernel.ErrorCode(err) != kernel.ENOTFOUND {
		return nil, err
	}
	return v, nil
}
