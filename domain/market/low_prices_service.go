package market

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Low price errors.
var (
	ErrLowPriceNotFound     = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "low_price_not_found", Message: "No abnormally low bid of yours awaits an explanation on this project."}
	ErrLowPriceExplained    = &kernel.Error{Code: kernel.ECONFLICT, Reason: "low_price_already_explained", Message: "The explanation was already given."}
	ErrLowPriceLate         = &kernel.Error{Code: kernel.ECONFLICT, Reason: "low_price_explanation_late", Message: "The time to explain the low price is over; the bid is invalid."}
	ErrLowPriceNotExplained = &kernel.Error{Code: kernel.ECONFLICT, Reason: "low_price_not_explained", Message: "The agency has not explained this low price yet."}
	ErrLowPriceDecided      = &kernel.Error{Code: kernel.ECONFLICT, Reason: "low_price_already_decided", Message: "This explanation was already decided."}
	ErrLowPriceUndecided    = &kernel.Error{Code: kernel.ECONFLICT, Reason: "low_price_undecided", Message: "An abnormally low price awaits its explanation or decision; the result waits for it."}
	ErrLowPriceNotOwner     = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "not_project_owner", Message: "Only the project's owner decides on a low price explanation."}
	ErrLowPriceNotAgency    = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "agency_only", Message: "Only the agency that bid explains its price."}
)

// LowPriceDecision is the owner's decision on one agency's explanation.
type LowPriceDecision struct {
	AgencyID int64  `json:"agency_id"`
	Accept   *bool  `json:"accept"`
	Reason   string `json:"reason"`
}

// LowPriceReader reads a project's abnormally low bids.
type LowPriceReader interface {
	// FindLowPriceBids lists the project's low bids by bid id, locked FOR
	// UPDATE when lock is set.
	FindLowPriceBids(ctx context.Context, projectID int64, lock bool) ([]*LowPriceBid, error)
}

// LowPriceSettler writes what becomes of an abnormally low bid: its
// status, its bid's, and the audit row.
type LowPriceSettler interface {
	LowPriceReader
	// UpdateLowPriceBid writes l when its stored status is still from, and
	// returns ErrStatusChanged otherwise.
	UpdateLowPriceBid(ctx context.Context, l *LowPriceBid, from string) error
	// SetBidStatus writes a bid's status and invalid reason.
	SetBidStatus(ctx context.Context, bidID int64, status, reason string, now time.Time) error
	kernel.Auditor
}

// Inbox writes in-app notifications to accounts, with no e-mail: a
// notice to the one owner who must act in the workspace.
type Inbox interface {
	WriteInbox(ctx context.Context, n AgencyNotice, to []int64) error
}

// InLowPriceCheck reports whether p is under evaluation by a method that
// checks for abnormally low prices: the projects whose low prices are
// flagged at the close, held and shown.
func InLowPriceCheck(p *Project) bool {
	return HasLowPriceCheck(p.Method) && p.Status == ProjectEvaluating
}

// LowPriceHeld settles the low prices of a locked project at now (an
// explanation not given in time is missing: the bid becomes invalid) and
// reports whether one still holds the result back.
func LowPriceHeld(ctx context.Context, s LowPriceSettler, p *Project, now time.Time) (bool, error) {
	if !InLowPriceCheck(p) {
		return false, nil
	}
	ls, err := s.FindLowPriceBids(ctx, p.ID, true)
	if err != nil {
		return false, err
	}
	held := false
	for _, l := range ls {
		if l.Status == LowPricePending && !now.Before(l.DueAt) {
			if err := settleLowPrice(ctx, s, kernel.SystemActor, l, LowPriceMissing, "", now); err != nil {
				return false, err
			}
		}
		held = held || l.Undecided()
	}
	return held, nil
}

// settleLowPrice writes a final status; rejected and missing make the bid
// invalid, so the ranking skips it and the next bid moves up.
func settleLowPrice(ctx context.Context, s LowPriceSettler, actor kernel.Actor, l *LowPriceBid, status, reason string, now time.Time) error {
	from := l.Status
	l.Status, l.DecisionReason, l.DecidedAt = status, reason, &now
	if err := s.UpdateLowPriceBid(ctx, l, from); err != nil {
		return err
	}
	if status != LowPriceAccepted {
		if err := s.SetBidStatus(ctx, l.BidID, BidInvalid, BidInvalidLowPrice, now); err != nil {
			return err
		}
	}
	return s.AppendAudit(ctx, kernel.NewAudit(actor, "low_price."+status, "project", ProjectSubject(l.ProjectID),
		map[string]any{"bid_id": l.BidID, "agency_id": l.AgencyID, "reason": reason}))
}

// settleLowPrices commits, in a transaction of its own, the explanations
// whose deadline passed, so that a late request sees (and leaves) what the
// scheduler would have made even when it is then refused.
func (pa *PostAward) settleLowPrices(ctx context.Context, id int64) {
	_ = pa.InTx(ctx, func(s LifecycleTx) error {
		p, _, now, err := pa.LockLifecycle(ctx, s, id)
		if err != nil {
			return err
		}
		_, err = LowPriceHeld(ctx, s, p, now)
		return err
	})
}

// lockLowPrice locks the project, settles due explanations and returns the
// actor's (agency) or the given agency's (owner) low bid.
func (pa *PostAward) lockLowPrice(ctx context.Context, s LifecycleTx, projectID, agencyID int64) (*Project, *LowPriceBid, time.Time, error) {
	p, _, now, err := pa.LockLifecycle(ctx, s, projectID)
	if err != nil {
		return nil, nil, now, err
	}
	if _, err := LowPriceHeld(ctx, s, p, now); err != nil {
		return nil, nil, now, err
	}
	ls, err := s.FindLowPriceBids(ctx, p.ID, false)
	if err != nil {
		return nil, nil, now, err
	}
	for _, l := range ls {
		if l.AgencyID == agencyID {
			return p, l, now, nil
		}
	}
	return p, nil, now, nil
}

// ExplainLowPrice records the agency's written explanation of its
// abnormally low bid, before its deadline.
func (pa *PostAward) ExplainLowPrice(ctx context.Context, actor kernel.Actor, projectID int64, explanation string) (*LowPriceBid, error) {
	if err := kernel.Authorize(actor, kernel.ActExplainLowPrice); err != nil {
		return nil, err
	}
	text, err := kernel.ValidateText("explanation", explanation, LowPriceTextMax)
	if err != nil {
		return nil, err
	}
	pa.settleLowPrices(ctx, projectID)
	var out *LowPriceBid
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.lockLowPrice(ctx, s, projectID, actor.ID)
		if err != nil {
			return err
		}
		switch {
		case l == nil:
			return ErrLowPriceNotFound
		case l.Status == LowPriceMissing:
			return ErrLowPriceLate
		case l.Status != LowPricePending:
			return ErrLowPriceExplained
		case !now.Before(l.DueAt):
			return ErrLowPriceLate
		}
		l.Status, l.Explanation, l.ExplainedAt = LowPriceExplained, text, &now
		if err := s.UpdateLowPriceBid(ctx, l, LowPricePending); err != nil {
			return err
		}
		if err := s.WriteInbox(ctx, AgencyNotice{Kind: "low_price.explained", Title: "异常低价说明已提交，请审查", Body: p.Title, ProjectID: p.ID,
			DedupeKey: "low_price_explained:" + strconv.FormatInt(l.BidID, 10), At: now}, []int64{p.OwnerID}); err != nil {
			return err
		}
		out = l
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "low_price.explained", "project", ProjectSubject(p.ID),
			map[string]any{"bid_id": l.BidID, "agency_id": l.AgencyID}))
	})
	return out, err
}

// DecideLowPrice records the owner's acceptance or rejection, with a
// reason, of an agency's explanation. A rejected bid becomes invalid.
func (pa *PostAward) DecideLowPrice(ctx context.Context, actor kernel.Actor, projectID int64, in LowPriceDecision) (*LowPriceBid, error) {
	if err := kernel.Authorize(actor, kernel.ActDecideLowPrice); err != nil {
		return nil, err
	}
	if in.AgencyID <= 0 {
		return nil, kernel.FieldError("agency_id", "agency_id_required", "agency_id is required.")
	}
	if in.Accept == nil {
		return nil, kernel.FieldError("accept", "accept_required", "accept (true or false) is required.")
	}
	reason, err := kernel.ValidateText("reason", in.Reason, LowPriceTextMax)
	if err != nil {
		return nil, err
	}
	pa.settleLowPrices(ctx, projectID)
	var out *LowPriceBid
	err = pa.InTx(ctx, func(s LifecycleTx) error {
		p, l, now, err := pa.lockLowPrice(ctx, s, projectID, in.AgencyID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return ErrLowPriceNotOwner
		}
		switch {
		case l == nil:
			return kernel.Errorf(kernel.ENOTFOUND, "low_price_not_found", "Agency %d has no abnormally low bid on this project.", in.AgencyID)
		case l.Status == LowPricePending:
			return ErrLowPriceNotExplained
		case l.Status != LowPriceExplained:
			return ErrLowPriceDecided
		}
		status := LowPriceRejected
		if *in.Accept {
			status = LowPriceAccepted
		}
		out = l
		return settleLowPrice(ctx, s, actor, l, status, reason, now)
	})
	return out, err
}

// LowPricesOf lists the low prices of an evaluating project that actor
// may act on: the owner sees every one, an agency its own; anyone else,
// and any other status, nothing (the published result carries them).
func (pa *PostAward) LowPricesOf(ctx context.Context, actor kernel.Actor, p *Project) ([]*LowPriceBid, error) {
	if !InLowPriceCheck(p) || actor.IsAnonymous() {
		return nil, nil
	}
	owner := p.IsOwner(actor)
	if !owner && actor.Role != kernel.RoleAgency {
		return nil, nil
	}
	ls, err := pa.Store.FindLowPriceBids(ctx, p.ID, false)
	if err != nil || owner {
		return ls, err
	}
	var mine []*LowPriceBid
	for _, l := range ls {
		if l.AgencyID == actor.ID {
			mine = append(mine, l)
		}
	}
	return mine, nil
}
