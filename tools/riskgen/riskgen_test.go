package riskgen_test

import (
	"testing"

	"marketplace/domain/supervision"
	"marketplace/tools/riskgen"
)

// TestIndicators_SyntheticMarket is the benchmark of docs/risk.md: on
// markets with planted schemes among honest bidders every planted scheme is
// found and false flags name fewer than 5% of honest agencies, per
// indicator and overall, for several seeds.
func TestIndicators_SyntheticMarket(t *testing.T) {
	for _, seed := range []uint64{20261125, 1, 2, 3, 4} {
		cfg := riskgen.Default()
		cfg.Seed = seed
		m := riskgen.Generate(cfg)
		flags := m.Analyse(supervision.DefaultRiskConfig)
		scores := m.Evaluate(flags)
		t.Logf("seed %d: %d agencies, %d projects, %d schemes, %d flags\n%s", seed, len(m.Agencies), len(m.Projects), len(m.Schemes), len(flags), riskgen.Report(scores))
		for _, s := range scores {
			if s.Recall() < 1 {
				t.Errorf("seed %d: %s missed %v", seed, s.Indicator, s.Missed)
			}
			if s.HonestFPR() >= 0.05 {
				t.Errorf("seed %d: %s names %.1f%% of honest agencies", seed, s.Indicator, 100*s.HonestFPR())
			}
		}
		if r := m.HonestNamedOverall(flags); r >= 0.05 {
			t.Errorf("seed %d: false flags name %.1f%% of honest agencies overall", seed, 100*r)
		}
	}
}

// TestGenerate_Deterministic: a seed gives the same market.
func TestGenerate_Deterministic(t *testing.T) {
	a, b := riskgen.Generate(riskgen.Default()), riskgen.Generate(riskgen.Default())
	if len(a.Projects) != len(b.Projects) || a.Projects[10].Bids[0].Price != b.Projects[10].Bids[0].Price {
		t.Error("the same seed gave different markets")
	}
}
