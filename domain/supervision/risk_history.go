package supervision

import (
	"fmt"
	"math"
	"time"

	"marketplace/domain/kernel"
)

// HistoryBid is one bid of a closed project, as the history indicators see
// it: Candidate is the agency's candidate status after the award
// (selected, disqualified, declined, lapsed) or "".
type HistoryBid struct {
	AgencyID  int64
	Price     kernel.Money
	Status    string
	Candidate string
}

// HistoryProject is one closed project with its bids and its outcome.
type HistoryProject struct {
	ID            int64
	OwnerID       int64
	Funding       string
	Method        string
	Region        string
	Ceiling       *kernel.Money
	ClosedAt      time.Time
	AwardedAgency int64 // 0: no award
	AwardPrice    kernel.Money
	Bids          []HistoryBid
}

func (h *HistoryProject) bidders() []int64 {
	var out []int64
	for _, b := range h.Bids {
		if b.Status != BidWithdrawn {
			out = append(out, b.AgencyID)
		}
	}
	return out
}

// yielded reports whether the bid dropped out: withdrawn, invalid, or a
// candidate that refused to sign, lapsed or was disqualified.
func (b HistoryBid) yielded() bool {
	return b.Status == BidWithdrawn || b.Status == BidInvalid ||
		b.Candidate == "disqualified" || b.Candidate == "declined" || b.Candidate == "lapsed"
}

// AnalyseHistory runs every history indicator over closed projects.
func AnalyseHistory(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	var out []RiskFlag
	out = append(out, DetectBidRotation(hs, cfg)...)
	out = append(out, DetectLowestYields(hs, cfg)...)
	out = append(out, DetectOwnerConcentration(hs, cfg)...)
	out = append(out, DetectSingleBidNearCeiling(hs, cfg)...)
	return out
}

// HistoryFlag builds a flag of the history job (no project: the pattern spans
// several); owner 0 names no owner. Domain's low-price rules build theirs with it.
func HistoryFlag(ind string, sev int, owner int64, agencies []int64, region, key string, summary kernel.Text, ev map[string]any) RiskFlag {
	sortIDs(agencies)
	f := RiskFlag{Indicator: ind, Severity: clampSeverity(sev), AgencyIDs: agencies, Region: region, Key: key,
		Summary: summary.English(), SummaryText: &summary, Evidence: ev, Source: "history"}
	if owner != 0 {
		f.OwnerID = &owner
	}
	return f
}

// DetectBidRotation finds groups of at least three agencies that keep
// bidding together (each pair shares cfg.RotationMinCoBidRatio of the less
// active one's projects) while the award rotates among them.
func DetectBidRotation(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	count := map[int64]int{}
	pair := map[[2]int64]int{}
	for _, h := range hs {
		bs := uniqueIDs(h.bidders())
		for i, a := range bs {
			count[a]++
			for _, b := range bs[i+1:] {
				pair[[2]int64{a, b}]++
			}
		}
	}
	// union-find over strong pairs
	parent := map[int64]int64{}
	var find func(int64) int64
	find = func(x int64) int64 {
		if p, ok := parent[x]; ok && p != x {
			r := find(p)
			parent[x] = r
			return r
		}
		parent[x] = x
		return x
	}
	for k, n := range pair {
		if n >= cfg.RotationMinProjects && float64(n) >= cfg.RotationMinCoBidRatio*float64(min(count[k[0]], count[k[1]])) {
			parent[find(k[0])] = find(k[1])
		}
	}
	groups := map[int64][]int64{}
	for a := range parent {
		r := find(a)
		groups[r] = append(groups[r], a)
	}
	var out []RiskFlag
	for _, g := range groups {
		if len(g) < 3 {
			continue
		}
		sortIDs(g)
		in := map[int64]bool{}
		for _, a := range g {
			in[a] = true
		}
		var projects []int64
		winners := map[int64]int{}
		groupWins := 0
		regions := map[string]int{}
		for _, h := range hs {
			n := 0
			for _, a := range uniqueIDs(h.bidders()) {
				if in[a] {
					n++
				}
			}
			if n < 3 || h.AwardedAgency == 0 {
				continue
			}
			projects = append(projects, h.ID)
			regions[h.Region]++
			if in[h.AwardedAgency] {
				groupWins++
				winners[h.AwardedAgency]++
			}
		}
		if len(projects) < cfg.RotationMinProjects || len(winners) < cfg.RotationMinWinners ||
			float64(groupWins) < cfg.RotationMinGroupWins*float64(len(projects)) {
			continue
		}
		named := g
		if len(named) > cfg.HistoryFlagsMaxPerGroup {
			named = named[:cfg.HistoryFlagsMaxPerGroup]
		}
		out = append(out, HistoryFlag(IndicatorBidRotation, 75+min(20, 2*len(projects)), 0, append([]int64(nil), named...),
			topRegion(regions), fmt.Sprintf("%s:%s", IndicatorBidRotation, joinIDs(named)),
			kernel.T(TextRiskBidRotation, "Agencies", len(g), "Projects", len(projects), "Winners", len(winners), "GroupWins", groupWins),
			map[string]any{"project_ids": projects, "winners": len(winners), "group_wins": groupWins}))
	}
	sortByKey(out)
	return out
}

// DetectLowestYields flags an agency that, as the lowest bidder, repeatedly
// dropped out (withdrew, was disqualified, refused to sign) so that the same
// partner won.
func DetectLowestYields(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	type pr struct{ low, win int64 }
	yields := newProjectTally[pr]()
	for _, h := range hs {
		if h.AwardedAgency == 0 || len(h.Bids) < 2 {
			continue
		}
		low := h.Bids[0]
		for _, b := range h.Bids[1:] {
			if b.Price < low.Price || b.Price == low.Price && b.AgencyID < low.AgencyID {
				low = b
			}
		}
		if low.AgencyID == h.AwardedAgency || !low.yielded() {
			continue
		}
		yields.add(pr{low.AgencyID, h.AwardedAgency}, h.ID, h.Region)
	}
	return yields.flags(cfg.YieldMinCount, func(k pr, ps []int64, region string) (RiskFlag, bool) {
		return HistoryFlag(IndicatorLowestYields, 70+5*(len(ps)-cfg.YieldMinCount+1), 0, []int64{k.low, k.win},
			region, fmt.Sprintf("%s:%d-%d", IndicatorLowestYields, k.low, k.win),
			kernel.T(TextRiskLowestYields, "Lowest", k.low, "Times", len(ps), "Winner", k.win),
			map[string]any{"project_ids": ps, "lowest": k.low, "winner": k.win}), true
	})
}

// DetectOwnerConcentration flags an owner whose competitive awards go to
// one agency far more often than fair competition explains: among the
// projects of the owner the agency bid on, each with n valid bidders, the
// chance of winning is 1/n; the flag fires when the probability of at least
// the observed wins (Poisson-binomial tail) is below cfg.ConcentrationMaxPValue.
// Direct selection by an enterprise is its right and is left out.
func DetectOwnerConcentration(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	type pr struct{ owner, agency int64 }
	probs := map[pr][]float64{}
	wins := newProjectTally[pr]()
	for _, h := range hs {
		if h.Method == MethodDirect || h.AwardedAgency == 0 {
			continue
		}
		bs := uniqueIDs(h.bidders())
		if len(bs) == 0 {
			continue
		}
		for _, a := range bs {
			k := pr{h.OwnerID, a}
			probs[k] = append(probs[k], 1/float64(len(bs)))
			if a == h.AwardedAgency {
				wins.add(k, h.ID, h.Region)
			}
		}
	}
	return wins.flags(cfg.ConcentrationMinWins, func(k pr, w []int64, region string) (RiskFlag, bool) {
		pv := poissonBinomialTail(probs[k], len(w))
		if pv > cfg.ConcentrationMaxPValue {
			return RiskFlag{}, false
		}
		exp := 0.0
		for _, p := range probs[k] {
			exp += p
		}
		return HistoryFlag(IndicatorOwnerConcentration, 70+min(25, int(-math.Log10(pv+1e-300))*3), k.owner, []int64{k.agency},
			region, fmt.Sprintf("%s:o%d:a%d", IndicatorOwnerConcentration, k.owner, k.agency),
			kernel.T(TextRiskOwnerConcentration, "Agency", k.agency, "Won", len(w), "Owner", k.owner, "BidOn", len(probs[k]),
				"Expected", fmt.Sprintf("%.1f", exp)),
			map[string]any{"project_ids": w, "bid_on": len(probs[k]), "expected_wins": math.Round(exp*100) / 100, "p_value": pv}), true
	})
}

// DetectSingleBidNearCeiling flags a department (budget-funded) owner whose
// projects the same agency repeatedly won as the only valid bidder at a
// price near the ceiling.
func DetectSingleBidNearCeiling(hs []HistoryProject, cfg RiskConfig) []RiskFlag {
	type pr struct{ owner, agency int64 }
	lone := newProjectTally[pr]()
	for _, h := range hs {
		if h.Funding != FundingBudget || h.AwardedAgency == 0 || h.Ceiling == nil || *h.Ceiling <= 0 {
			continue
		}
		valid := 0
		for _, b := range h.Bids {
			if b.Status == BidValid && !b.yielded() {
				valid++
			}
		}
		if valid != 1 || float64(h.AwardPrice) < cfg.NearCeilingRatio*float64(*h.Ceiling) {
			continue
		}
		lone.add(pr{h.OwnerID, h.AwardedAgency}, h.ID, h.Region)
	}
	return lone.flags(cfg.NearCeilingMinCount, func(k pr, ps []int64, region string) (RiskFlag, bool) {
		return HistoryFlag(IndicatorSingleBidNearCeiling, 60+5*(len(ps)-cfg.NearCeilingMinCount+1), k.owner, []int64{k.agency},
			region, fmt.Sprintf("%s:o%d:a%d", IndicatorSingleBidNearCeiling, k.owner, k.agency),
			kernel.T(TextRiskSingleBidNearCeiling, "Agency", k.agency, "Won", len(ps), "Owner", k.owner, "Percent", textPercent(cfg.NearCeilingRatio)),
			map[string]any{"project_ids": ps}), true
	})
}

// poissonBinomialTail is P(X >= k) for X the number of successes of
// independent trials with probabilities ps.
func poissonBinomialTail(ps []float64, k int) float64 {
	dist := make([]float64, len(ps)+1)
	dist[0] = 1
	for i, p := range ps {
		for j := i + 1; j >= 1; j-- {
			dist[j] = dist[j]*(1-p) + dist[j-1]*p
		}
		dist[0] *= 1 - p
	}
	tail := 0.0
	for j := k; j < len(dist); j++ {
		tail += dist[j]
	}
	return tail
}

func uniqueIDs(ids []int64) []int64 {
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return idSet(m)
}

func topRegion(m map[string]int) string {
	best, n := "", -1
	for r, c := range m {
		if c > n || c == n && r < best {
			best, n = r, c
		}
	}
	return best
}
