package supervision

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"marketplace/domain/concentration"
	"marketplace/domain/kernel"
)

// concentrationFlags raises a market_concentration flag for every market
// with an alert; the flag's key names the market, so a rerun updates it.
func concentrationFlags(fs []concentration.Figures) []RiskFlag {
	var out []RiskFlag
	for _, f := range fs {
		if len(f.Alerts) == 0 {
			continue
		}
		var top []int64
		for i, s := range f.Shares {
			if i == concentration.TopN {
				break
			}
			top = append(top, s.AgencyID)
		}
		out = append(out, HistoryFlag(IndicatorMarketConcentration, int(f.HHI/100), 0, top, f.Region,
			fmt.Sprintf("%s:%s:%s:%s:%d", IndicatorMarketConcentration, f.ItemCode, f.Level, f.Region, f.Year),
			kernel.T(TextRiskMarketConcentration, "Item", f.ItemCode, "Region", f.Region, "Year", f.Year, "HHI", decimal2(f.HHI),
				"CR4", decimal2(f.CR4), "MaxShare", decimal2(f.MaxShare), "Projects", f.Projects),
			map[string]any{"item": f.ItemCode, "level": f.Level, "year": f.Year, "projects": f.Projects, "winners": f.Winners,
				"hhi": f.HHI, "cr4": f.CR4, "max_share": f.MaxShare, "alerts": f.Alerts}))
	}
	return out
}

// refreshConcentrationFlags recomputes every market and saves its flags
// (part of the risk_history job).
func refreshConcentrationFlags(ctx context.Context, s Store, now time.Time) (int, error) {
	awards, err := s.FindConcentrationAwards(ctx, "", 0, 0)
	if err != nil {
		return 0, err
	}
	return saveFlags(ctx, s, concentrationFlags(concentration.Compute(awards)), now)
}

func decimal2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
