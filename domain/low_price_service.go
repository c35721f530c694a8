package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"marketplace/domain/supervision"
)

// DefaultLowPriceExplanationWorkingDays is the agency's time to explain a
// low price when none is configured (MARKET_LOW_PRICE_EXPLANATION_PERIOD):
// 2 working days.
const DefaultLowPriceExplanationWorkingDays = 2

// Low price errors.
var (
	ErrLowPriceNotFound     = &Error{Code: ENOTFOUND, Reason: "low_price_not_found", Message: "No abnormally low bid of yours awaits an explanation on this project."}
	ErrLowPriceExplained    = &Error{Code: ECONFLICT, Reason: "low_price_already_explained", Message: "The explanation was already given."}
	ErrLowPriceLate         = &Error{Code: ECONFLICT, Reason: "low_price_explanation_late", Message: "The time to explain the low price is over; the bid is invalid."}
	ErrLowPriceNotExplained = &Error{Code: ECONFLICT, Reason: "low_price_not_explained", Message: "The agency has not explained this low price yet."}
	ErrLowPriceDecided      = &Error{Code: ECONFLICT, Reason: "low_price_already_decided", Message: "This explanation was already decided."}
	ErrLowPriceUndecided    = &Error{Code: ECONFLICT, Reason: "low_price_undecided", Message: "An abnormally low price awaits its explanation or decision; the result waits for it."}
	ErrLowPriceNotOwner     = &Error{Code: EFORBIDDEN, Reason: "not_project_owner", Message: "Only the project's owner decides on a low price explanation."}
	ErrLowPriceNotAgency    = &Error{Code: EFORBIDDEN, Reason: "agency_only", Message: "Only the agency that bid explains its price."}
)

// LowPriceDecision is the owner's decision on one agency's explanation.
type LowPriceDecision struct {
	AgencyID int64  `json:"agency_id"`
	Accept   *bool  `json:"accept"`
	Reason   string `json:"reason"`
}

// lowPriceDue is when an explanation asked for at now is due.
func (m *Marketplace) lowPriceDue(now time.Time) time.Time {
	p := m.Periods.LowPriceExplanation
	if p.IsZero() {
		p = WorkingDays(DefaultLowPriceExplanationWorkingDays)
	}
	return m.Deadline(p, now)
}

// lowPriceRules reads each item's low-price rule once (DefaultLowPriceRule
// when the item has none of its own): a batch of closes shares them.
type lowPriceRules struct {
	s    Store
	seen map[string]LowPriceRule
}

func (r *lowPriceRules) of(ctx context.Context, item string) (LowPriceRule, error) {
	if rule, ok := r.seen[item]; ok {
		return rule, nil
	}
	rule := DefaultLowPriceRule
	if own, err := r.s.FindLowPriceRule(ctx, item); err != nil {
		return rule, err
	} else if own != nil {
		rule = *own
	}
	if r.seen == nil {
		r.seen = map[string]LowPriceRule{}
	}
	r.seen[item] = rule
	return rule, nil
}

// inLowPriceCheck reports whether p is under evaluation by a method that
// checks for abnormally low prices: the projects whose low prices are
// flagged at the close, held and shown.
func inLowPriceCheck(p *Project) bool {
	return HasLowPriceCheck(p.Method) && p.Status == ProjectEvaluating
}

// lowPriceFlags is what the closes of a batch write about abnormally low
// bids, gathered so that it is written in one statement per kind however
// many bids are flagged.
type lowPriceFlags struct {
	bids   []*LowPriceBid
	audits []AuditEntry
	notes  []*Notification // each to its AccountID
}

// flagLowPrices runs at the close of a sealed-bid project that goes to
// evaluation: every valid bid below the threshold waits for an explanation
// until due; the owner and the agency are told. It adds to f what to write.
func flagLowPrices(p *Project, bids []*Bid, rule LowPriceRule, now, due time.Time, f *lowPriceFlags) {
	if !inLowPriceCheck(p) {
		return
	}
	var prices []Money
	for _, b := range bids {
		if b.Status == BidValid {
			prices = append(prices, b.Price)
		}
	}
	threshold := LowPriceThreshold(prices, p.CeilingPrice, rule)
	found := 0
	pid := p.ID
	for _, b := range bids {
		if b.Status != BidValid || b.Price >= threshold {
			continue
		}
		l := &LowPriceBid{ProjectID: p.ID, BidID: b.ID, AgencyID: b.AgencyID, Price: b.Price, Threshold: threshold,
			Status: LowPricePending, DueAt: due}
		f.bids = append(f.bids, l)
		found++
		f.audits = append(f.audits, NewAudit(SystemActor, "low_price.found", "project", projectSubject(p.ID),
			map[string]any{"bid_id": b.ID, "agency_id": b.AgencyID, "threshold": threshold, "due_at": l.DueAt, "rule": rule}))
		f.notes = append(f.notes, &Notification{AccountID: b.AgencyID, Kind: "low_price.found", Title: "报价异常低，请书面说明",
			Body: p.Title, ProjectID: &pid, DedupeKey: "low_price:" + strconv.FormatInt(b.ID, 10), CreatedAt: now})
	}
	if found == 0 {
		return
	}
	f.notes = append(f.notes, &Notification{AccountID: p.OwnerID, Kind: "low_price.found", Title: "有投标报价异常低，待机构说明",
		Body: p.Title, ProjectID: &pid, DedupeKey: "low_price_owner:" + strconv.FormatInt(p.ID, 10), CreatedAt: now})
}

// lowPriceHeld settles the low prices of a locked project at now (an
// explanation not given in time is missing: the bid becomes invalid) and
// reports whether one still holds the result back.
func lowPriceHeld(ctx context.Context, s Store, p *Project, now time.Time) (bool, error) {
	if !inLowPriceCheck(p) {
		return false, nil
	}
	ls, err := s.FindLowPriceBids(ctx, p.ID, true)
	if err != nil {
		return false, err
	}
	held := false
	for _, l := range ls {
		if l.Status == LowPricePending && !now.Before(l.DueAt) {
			if err := settleLowPrice(ctx, s, SystemActor, l, LowPriceMissing, "", now); err != nil {
				return false, err
			}
		}
		held = held || l.Undecided()
	}
	return held, nil
}

// settleLowPrice writes a final status; rejected and missing make the bid
// invalid, so the ranking skips it and the next bid moves up.
func settleLowPrice(ctx context.Context, s Store, actor Actor, l *LowPriceBid, status, reason string, now time.Time) error {
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
	return s.AppendAudit(ctx, NewAudit(actor, "low_price."+status, "project", projectSubject(l.ProjectID),
		map[string]any{"bid_id": l.BidID, "agency_id": l.AgencyID, "reason": reason}))
}

// settleLowPrices commits, in a transaction of its own, the explanations
// whose deadline passed, so that a late request sees (and leaves) what the
// scheduler would have made even when it is then refused.
func (m *Marketplace) settleLowPrices(ctx context.Context, id int64) {
	_ = m.Store.InTx(ctx, func(s Store) error {
		p, _, now, err := m.lockLifecycle(ctx, s, id)
		if err != nil {
			return err
		}
		_, err = lowPriceHeld(ctx, s, p, now)
		return err
	})
}

// lockLowPrice locks the project, settles due explanations and returns the
// actor's (agency) or the given agency's (owner) low bid.
func (m *Marketplace) lockLowPrice(ctx context.Context, s Store, projectID, agencyID int64) (*Project, *LowPriceBid, time.Time, error) {
	p, _, now, err := m.lockLifecycle(ctx, s, projectID)
	if err != nil {
		return nil, nil, now, err
	}
	if _, err := lowPriceHeld(ctx, s, p, now); err != nil {
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
func (m *Marketplace) ExplainLowPrice(ctx context.Context, actor Actor, projectID int64, explanation string) (*LowPriceBid, error) {
	if err := Authorize(actor, ActExplainLowPrice); err != nil {
		return nil, err
	}
	text, err := ValidateText("explanation", explanation, LowPriceTextMax)
	if err != nil {
		return nil, err
	}
	m.settleLowPrices(ctx, projectID)
	var out *LowPriceBid
	err = m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLowPrice(ctx, s, projectID, actor.ID)
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
		pid := p.ID
		if _, err := s.CreateNotifications(ctx, &Notification{Kind: "low_price.explained", Title: "异常低价说明已提交，请审查",
			Body: p.Title, ProjectID: &pid, DedupeKey: "low_price_explained:" + strconv.FormatInt(l.BidID, 10), CreatedAt: now},
			[]int64{p.OwnerID}); err != nil {
			return err
		}
		out = l
		return s.AppendAudit(ctx, NewAudit(actor, "low_price.explained", "project", projectSubject(p.ID),
			map[string]any{"bid_id": l.BidID, "agency_id": l.AgencyID}))
	})
	return out, err
}

// DecideLowPrice records the owner's acceptance or rejection, with a
// reason, of an agency's explanation. A rejected bid becomes invalid.
func (m *Marketplace) DecideLowPrice(ctx context.Context, actor Actor, projectID int64, in LowPriceDecision) (*LowPriceBid, error) {
	if err := Authorize(actor, ActDecideLowPrice); err != nil {
		return nil, err
	}
	if in.AgencyID <= 0 {
		return nil, FieldError("agency_id", "agency_id_required", "agency_id is required.")
	}
	if in.Accept == nil {
		return nil, FieldError("accept", "accept_required", "accept (true or false) is required.")
	}
	reason, err := ValidateText("reason", in.Reason, LowPriceTextMax)
	if err != nil {
		return nil, err
	}
	m.settleLowPrices(ctx, projectID)
	var out *LowPriceBid
	err = m.Store.InTx(ctx, func(s Store) error {
		p, l, now, err := m.lockLowPrice(ctx, s, projectID, in.AgencyID)
		if err != nil {
			return err
		}
		if !p.IsOwner(actor) {
			return ErrLowPriceNotOwner
		}
		switch {
		case l == nil:
			return Errorf(ENOTFOUND, "low_price_not_found", "Agency %d has no abnormally low bid on this project.", in.AgencyID)
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

// persistentLowPriceFlags raises a history flag for every agency with
// LowPriceRejectionsForFlag low prices rejected or unexplained within
// LowPriceFlagWindow (the risk_history job saves them).
func persistentLowPriceFlags(ctx context.Context, s Store, now time.Time) ([]RiskFlag, error) {
	os, err := s.FindLowPriceOffenders(ctx, now.Add(-LowPriceFlagWindow), LowPriceRejectionsForFlag)
	if err != nil {
		return nil, err
	}
	var flags []RiskFlag
	for _, o := range os {
		flags = append(flags, supervision.HistoryFlag(IndicatorPersistentLowPrice, 50+10*(o.Rejections-LowPriceRejectionsForFlag+1), 0,
			[]int64{o.AgencyID}, o.Region, fmt.Sprintf("%s:%d", IndicatorPersistentLowPrice, o.AgencyID),
			T(TextRiskPersistentLowPrice, "Agency", o.AgencyID, "Rejections", o.Rejections),
			map[string]any{"project_ids": o.ProjectIDs, "rejections": o.Rejections}))
	}
	return flags, nil
}

// LowPricesOf lists the low prices of an evaluating project that actor
// may act on: the owner sees every one, an agency its own; anyone else,
// and any other status, nothing (the published result carries them).
func (m *Marketplace) LowPricesOf(ctx context.Context, actor Actor, p *Project) ([]*LowPriceBid, error) {
	if !inLowPriceCheck(p) || actor.IsAnonymous() {
		return nil, nil
	}
	owner := p.IsOwner(actor)
	if !owner && actor.Role != RoleAgency {
		return nil, nil
	}
	ls, err := m.Store.FindLowPriceBids(ctx, p.ID, false)
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
