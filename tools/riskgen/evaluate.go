package riskgen

import (
	"fmt"
	"sort"
	"strings"

	"marketplace/domain/supervision"
)

// Score is one indicator's result on a market.
type Score struct {
	Indicator     string
	Planted       int // schemes planted for this indicator
	Found         int // of them, found by this indicator
	Flags         int // flags raised by this indicator
	TruePositives int // flags that name a planted scheme's agencies
	HonestNamed   int // honest agencies named by a false flag
	Honest        int // honest agencies in the market
	Missed        []Scheme
}

// Recall is Found/Planted (1 when nothing was planted).
func (s Score) Recall() float64 {
	if s.Planted == 0 {
		return 1
	}
	return float64(s.Found) / float64(s.Planted)
}

// Precision is TruePositives/Flags (1 when nothing was flagged).
func (s Score) Precision() float64 {
	if s.Flags == 0 {
		return 1
	}
	return float64(s.TruePositives) / float64(s.Flags)
}

// HonestFPR is the share of honest agencies a false flag named.
func (s Score) HonestFPR() float64 {
	if s.Honest == 0 {
		return 0
	}
	return float64(s.HonestNamed) / float64(s.Honest)
}

// Analyse runs the close-time and history indicators over the market.
func (m *Market) Analyse(cfg supervision.RiskConfig) []supervision.RiskFlag {
	var out []supervision.RiskFlag
	for _, p := range m.Projects {
		out = append(out, supervision.AnalyseProject(p, cfg)...)
	}
	return append(out, supervision.AnalyseHistory(m.History, cfg)...)
}

// matches reports whether flag f points at scheme s: it names at least two
// of the scheme's agencies (or its one agency, with the scheme's owner), on
// the scheme's project when it has one.
func matches(f supervision.RiskFlag, s Scheme) bool {
	if s.ProjectID != 0 && (f.ProjectID == nil || *f.ProjectID != s.ProjectID) {
		return false
	}
	if s.OwnerID != 0 && (f.OwnerID == nil || *f.OwnerID != s.OwnerID) {
		return false
	}
	in := map[int64]bool{}
	for _, a := range s.Agencies {
		in[a] = true
	}
	n := 0
	for _, a := range f.AgencyIDs {
		if in[a] {
			n++
		}
	}
	return n >= min(2, len(s.Agencies))
}

// Evaluate scores flags against the planted schemes, per indicator. A flag
// is a true positive when it points at any planted scheme (a ring caught by
// another indicator than the one planted for is still caught); a false flag
// counts every honest agency it names.
func (m *Market) Evaluate(flags []supervision.RiskFlag) []Score {
	honest := map[int64]bool{}
	for _, a := range m.Agencies {
		if a.Honest {
			honest[a.ID] = true
		}
	}
	byInd := map[string]*Score{}
	for _, ind := range supervision.RiskIndicators {
		byInd[ind] = &Score{Indicator: ind, Honest: len(honest)}
	}
	named := map[string]map[int64]bool{}
	for _, f := range flags {
		sc := byInd[f.Indicator]
		sc.Flags++
		tp := false
		for _, s := range m.Schemes {
			if matches(f, s) {
				tp = true
				break
			}
		}
		if tp {
			sc.TruePositives++
			continue
		}
		if named[f.Indicator] == nil {
			named[f.Indicator] = map[int64]bool{}
		}
		for _, a := range f.AgencyIDs {
			if honest[a] {
				named[f.Indicator][a] = true
			}
		}
	}
	for ind, n := range named {
		byInd[ind].HonestNamed = len(n)
	}
	for _, s := range m.Schemes {
		sc := byInd[s.Indicator]
		sc.Planted++
		found := false
		for _, f := range flags {
			if f.Indicator == s.Indicator && matches(f, s) {
				found = true
				break
			}
		}
		if found {
			sc.Found++
		} else {
			sc.Missed = append(sc.Missed, s)
		}
	}
	out := make([]Score, 0, len(byInd))
	for _, ind := range supervision.RiskIndicators {
		out = append(out, *byInd[ind])
	}
	return out
}

// HonestNamedOverall is the share of honest agencies named by any false flag.
func (m *Market) HonestNamedOverall(flags []supervision.RiskFlag) float64 {
	honest, named := 0, map[int64]bool{}
	isHonest := map[int64]bool{}
	for _, a := range m.Agencies {
		if a.Honest {
			honest++
			isHonest[a.ID] = true
		}
	}
	for _, f := range flags {
		tp := false
		for _, s := range m.Schemes {
			tp = tp || matches(f, s)
		}
		if !tp {
			for _, a := range f.AgencyIDs {
				if isHonest[a] {
					named[a] = true
				}
			}
		}
	}
	return float64(len(named)) / float64(honest)
}

// Report formats scores as a table.
func Report(scores []Score) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-24s %7s %5s %6s %6s %9s %9s %10s\n", "indicator", "planted", "found", "flags", "true", "recall", "precision", "honest FPR")
	sort.SliceStable(scores, func(i, j int) bool { return false })
	for _, s := range scores {
		fmt.Fprintf(&b, "%-24s %7d %5d %6d %6d %9.2f %9.2f %9.1f%%\n", s.Indicator, s.Planted, s.Found, s.Flags, s.TruePositives,
			s.Recall(), s.Precision(), 100*s.HonestFPR())
	}
	return b.String()
}
