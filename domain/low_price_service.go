package domain

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// DefaultLowPriceExplanationWorkingDays is the agency's time to explain a
// low price when none is configured (MARKET_LOW_PRICE_EXPLANATION_PERIOD):
// 2 working days.
const DefaultLowPriceExplanationWorkingDays = 2

// Low price errors and the owner's decision (market).
var (
	ErrLowPriceNotFound     = market.ErrLowPriceNotFound
	ErrLowPriceExplained    = market.ErrLowPriceExplained
	ErrLowPriceLate         = market.ErrLowPriceLate
	ErrLowPriceNotExplained = market.ErrLowPriceNotExplained
	ErrLowPriceDecided      = market.ErrLowPriceDecided
	ErrLowPriceUndecided    = market.ErrLowPriceUndecided
	ErrLowPriceNotOwner     = market.ErrLowPriceNotOwner
	ErrLowPriceNotAgency    = market.ErrLowPriceNotAgency
)

// LowPriceDecision is the owner's decision on one agency's explanation (market).
type LowPriceDecision = market.LowPriceDecision

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
	if !market.InLowPriceCheck(p) {
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

// ExplainLowPrice records the agency's written explanation of its
// abnormally low bid, before its deadline (market.PostAward.ExplainLowPrice).
func (m *Marketplace) ExplainLowPrice(ctx context.Context, actor Actor, projectID int64, explanation string) (*LowPriceBid, error) {
	return m.postAward().ExplainLowPrice(ctx, actor, projectID, explanation)
}

// DecideLowPrice records the owner's acceptance or rejection of an
// agency's explanation (market.PostAward.DecideLowPrice).
func (m *Marketplace) DecideLowPrice(ctx context.Context, actor Actor, projectID int64, in LowPriceDecision) (*LowPriceBid, error) {
	return m.postAward().DecideLowPrice(ctx, actor, projectID, in)
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
// may act on (market.PostAward.LowPricesOf).
func (m *Marketplace) LowPricesOf(ctx context.Context, actor Actor, p *Project) ([]*LowPriceBid, error) {
	return m.postAward().LowPricesOf(ctx, actor, p)
}
