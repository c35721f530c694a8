package domain

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// DefaultLowPriceExplanationWorkingDays is the agency's time to explain a
// low price when none is configured (MARKET_LOW_PRICE_EXPLANATION_PERIOD):
// 2 working days.
const DefaultLowPriceExplanationWorkingDays = 2

// lowPriceDue is when an explanation asked for at now is due.
func (m *Marketplace) lowPriceDue(now time.Time) time.Time {
	p := m.Periods.LowPriceExplanation
	if p.IsZero() {
		p = market.WorkingDays(DefaultLowPriceExplanationWorkingDays)
	}
	return m.Deadline(p, now)
}

// persistentLowPriceFlags raises a history flag for every agency with
// LowPriceRejectionsForFlag low prices rejected or unexplained within
// LowPriceFlagWindow (the risk_history job saves them).
func persistentLowPriceFlags(ctx context.Context, s Store, now time.Time) ([]supervision.RiskFlag, error) {
	os, err := s.FindLowPriceOffenders(ctx, now.Add(-market.LowPriceFlagWindow), market.LowPriceRejectionsForFlag)
	if err != nil {
		return nil, err
	}
	var flags []supervision.RiskFlag
	for _, o := range os {
		flags = append(flags, supervision.HistoryFlag(supervision.IndicatorPersistentLowPrice, 50+10*(o.Rejections-market.LowPriceRejectionsForFlag+1), 0,
			[]int64{o.AgencyID}, o.Region, fmt.Sprintf("%s:%d", supervision.IndicatorPersistentLowPrice, o.AgencyID),
			T(TextRiskPersistentLowPrice, "Agency", o.AgencyID, "Rejections", o.Rejections),
			map[string]any{"project_ids": o.ProjectIDs, "rejections": o.Rejections}))
	}
	return flags, nil
}
