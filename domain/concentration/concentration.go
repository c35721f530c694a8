// Package concentration measures how concentrated the awards of one market
// (a catalogue item in one region and one year) are among agencies: the
// Herfindahl–Hirschman index, the top-4 share, the largest share, the
// number of distinct winners and the change against the previous year.
//
// Shares are computed from awarded amounts (fen) with exact rational
// arithmetic and rounded to two decimals only at the end, so a
// hand-computed world gives exactly the figures it expects.
package concentration

import (
	"fmt"
	"math/big"
	"sort"
)

// Levels of a market's region: the whole province, or one city in it.
const (
	LevelProvince = "province"
	LevelCity     = "city"
)

// Alert thresholds (docs/risk.md "Market concentration"). HHI is on the
// 0–10,000 scale: the sum of the squared shares in percent. 2,500 is the
// "highly concentrated" line of the US merger guidelines (2010); 50 % is
// the single-firm dominance presumption of 《反垄断法》第24条; 80 % for four
// firms is stricter than the law's 3/4 for three, because a county market
// of intermediaries rarely has more than a handful of serious bidders.
const (
	AlertHHI      = 2500
	AlertMaxShare = 50
	AlertCR4      = 80
	// AlertMinProjects: fewer awards are too few to call a market concentrated.
	AlertMinProjects = 10
	// TopN is the number of agencies of the concentration ratio (CR4).
	TopN = 4
)

// Alert reasons.
const (
	AlertReasonHHI      = "hhi"
	AlertReasonDominant = "dominant"
	AlertReasonCR4      = "cr4"
)

// Award is one awarded project: who won how much, where and when. Region
// is the project's region as written ("湖北省武汉市" or a code "420102").
type Award struct {
	ItemCode   string
	ItemName   string
	Region     string
	Year       int
	AgencyID   int64
	AgencyName string
	AmountFen  int64
}

// Key identifies one market.
type Key struct {
	ItemCode string `json:"item"`
	Level    string `json:"level"`
	Region   string `json:"region"`
	Year     int    `json:"year"`
}

// Share is one agency's part of a market.
type Share struct {
	AgencyID  int64   `json:"agency_id"`
	Name      string  `json:"agency"`
	AmountFen int64   `json:"-"`
	Amount    string  `json:"amount"`
	Awards    int     `json:"awards"`
	Percent   float64 `json:"percent"`
}

// Figures are the concentration measures of one market.
type Figures struct {
	Key
	ItemName      string   `json:"item_name"`
	Projects      int      `json:"projects"`
	AmountFen     int64    `json:"-"`
	Amount        string   `json:"amount"`
	Winners       int      `json:"winners"`
	HHI           float64  `json:"hhi"`
	CR4           float64  `json:"cr4"`
	MaxShare      float64  `json:"max_share"`
	LargestAgency int64    `json:"largest_agency_id"`
	Shares        []Share  `json:"shares"`
	PreviousHHI   *float64 `json:"previous_hhi"`
	HHIChange     *float64 `json:"hhi_change"`
	PreviousCR4   *float64 `json:"previous_cr4"`
	CR4Change     *float64 `json:"cr4_change"`
	Alerts        []string `json:"alerts"`
}

// Compute groups awards into markets (every award counts in its province
// and, when its region names one, its city) and measures each. The result
// is sorted by item, level (province first), region and year. Awards with
// no amount or no recognisable province are skipped.
func Compute(awards []Award) []Figures {
	type acc struct {
		name     string
		projects int
		byAgency map[int64]*Share
	}
	markets := map[Key]*acc{}
	add := func(k Key, a Award) {
		m := markets[k]
		if m == nil {
			m = &acc{name: a.ItemName, byAgency: map[int64]*Share{}}
			markets[k] = m
		}
		m.projects++
		s := m.byAgency[a.AgencyID]
		if s == nil {
			s = &Share{AgencyID: a.AgencyID, Name: a.AgencyName}
			m.byAgency[a.AgencyID] = s
		}
		s.Awards++
		s.AmountFen += a.AmountFen
	}
	for _, a := range awards {
		if a.AmountFen <= 0 {
			continue
		}
		p, c := Levels(a.Region)
		if p == "" {
			continue
		}
		add(Key{ItemCode: a.ItemCode, Level: LevelProvince, Region: p, Year: a.Year}, a)
		if c != "" {
			add(Key{ItemCode: a.ItemCode, Level: LevelCity, Region: c, Year: a.Year}, a)
		}
	}
	out := make([]Figures, 0, len(markets))
	for k, m := range markets {
		shares := make([]Share, 0, len(m.byAgency))
		for _, s := range m.byAgency {
			shares = append(shares, *s)
		}
		f := Measure(shares)
		f.Key, f.ItemName, f.Projects = k, m.name, m.projects
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i].Key, out[j].Key) })
	index := make(map[Key]int, len(out))
	for i, f := range out {
		index[f.Key] = i
	}
	for i := range out {
		prevKey := out[i].Key
		prevKey.Year--
		if j, ok := index[prevKey]; ok {
			setTrend(&out[i], &out[j])
		}
		out[i].Alerts = Alerts(out[i])
	}
	return out
}

func less(a, b Key) bool {
	if a.ItemCode != b.ItemCode {
		return a.ItemCode < b.ItemCode
	}
	if a.Level != b.Level {
		return a.Level == LevelProvince
	}
	if a.Region != b.Region {
		return a.Region < b.Region
	}
	return a.Year < b.Year
}

func setTrend(f, prev *Figures) {
	ph, pc := prev.HHI, prev.CR4
	dh, dc := round2(big.NewRat(0, 1).Sub(rat(f.HHI), rat(ph))), round2(big.NewRat(0, 1).Sub(rat(f.CR4), rat(pc)))
	f.PreviousHHI, f.PreviousCR4, f.HHIChange, f.CR4Change = &ph, &pc, &dh, &dc
}

// Measure computes the figures of one market from its agencies' amounts
// (Key, ItemName and Projects are left to the caller). Shares come out
// largest first, ties by agency id.
func Measure(shares []Share) Figures {
	sort.Slice(shares, func(i, j int) bool {
		if shares[i].AmountFen != shares[j].AmountFen {
			return shares[i].AmountFen > shares[j].AmountFen
		}
		return shares[i].AgencyID < shares[j].AgencyID
	})
	total := big.NewInt(0)
	for _, s := range shares {
		total.Add(total, big.NewInt(s.AmountFen))
	}
	f := Figures{Winners: len(shares), Shares: shares}
	if total.Sign() == 0 {
		f.Shares = []Share{}
		return f
	}
	f.AmountFen = total.Int64()
	f.Amount = yuan(f.AmountFen)
	hundred := big.NewRat(100, 1)
	hhi := big.NewRat(0, 1)
	top := big.NewRat(0, 1)
	for i := range shares {
		pct := new(big.Rat).SetFrac(big.NewInt(shares[i].AmountFen), total)
		pct.Mul(pct, hundred)
		shares[i].Percent = round2(pct)
		shares[i].Amount = yuan(shares[i].AmountFen)
		hhi.Add(hhi, new(big.Rat).Mul(pct, pct))
		if i < TopN {
			top.Add(top, pct)
		}
	}
	f.HHI, f.CR4, f.MaxShare, f.LargestAgency = round2(hhi), round2(top), shares[0].Percent, shares[0].AgencyID
	return f
}

// Alerts lists why a market is concentrated enough to flag: nothing below
// AlertMinProjects awarded projects.
func Alerts(f Figures) []string {
	out := []string{}
	if f.Projects < AlertMinProjects {
		return out
	}
	if f.HHI > AlertHHI {
		out = append(out, AlertReasonHHI)
	}
	if f.MaxShare > AlertMaxShare {
		out = append(out, AlertReasonDominant)
	}
	if f.CR4 > AlertCR4 {
		out = append(out, AlertReasonCR4)
	}
	return out
}

// round2 rounds half away from zero to two decimals.
func round2(r *big.Rat) float64 {
	x := new(big.Rat).Mul(r, big.NewRat(100, 1))
	num, den := x.Num(), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	v, _ := new(big.Rat).SetFrac(q, big.NewInt(100)).Float64()
	return v
}

func rat(v float64) *big.Rat { return new(big.Rat).SetFloat64(v) }

// yuan writes fen as the platform writes money ("125000.00").
func yuan(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
