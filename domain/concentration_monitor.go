package domain

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/concentration"
	"marketplace/domain/opendata"
)

// Years the monitor accepts: the platform has no award before 2000, and a
// year far in the future is a typo.
const (
	concentrationMinYear = 2000
	concentrationMaxYear = 2100
)

// ConcentrationQuery narrows the monitor: an item code, a market region as
// the monitor writes it ("湖北省", "湖北省武汉市", "420000") and a year;
// empty or zero means every one.
type ConcentrationQuery struct {
	Item   string
	Region string
	Year   int
}

// ConcentrationReport is the monitor's answer: one row per market, with
// the thresholds that raise an alert.
type ConcentrationReport struct {
	GeneratedAt time.Time               `json:"generated_at"`
	Thresholds  ConcentrationThresholds `json:"thresholds"`
	Markets     []concentration.Figures `json:"markets"`
}

// ConcentrationThresholds restates the alert rule for readers of the data.
type ConcentrationThresholds struct {
	HHI         int `json:"hhi"`
	MaxShare    int `json:"max_share"`
	CR4         int `json:"cr4"`
	MinProjects int `json:"min_projects"`
}

// ConcentrationRule is the alert rule of package concentration, for pages
// and API readers.
var ConcentrationRule = ConcentrationThresholds{HHI: concentration.AlertHHI, MaxShare: concentration.AlertMaxShare,
	CR4: concentration.AlertCR4, MinProjects: concentration.AlertMinProjects}

func (q ConcentrationQuery) validate() error {
	if q.Year != 0 && (q.Year < concentrationMinYear || q.Year > concentrationMaxYear) {
		return FieldError("year", "year_range", "year must be between %d and %d.", concentrationMinYear, concentrationMaxYear)
	}
	if utf8.RuneCountInString(q.Item) > 64 {
		return FieldError("item", "item_length", "item must be at most 64 characters.")
	}
	if utf8.RuneCountInString(q.Region) > 100 {
		return FieldError("region", "region_length", "region must be at most 100 characters.")
	}
	return nil
}

// Concentration measures market concentration from the standing awards;
// anyone may read it (数据开放). Only awarded amounts are used, so nothing
// sealed is ever counted.
func (m *Marketplace) Concentration(ctx context.Context, q ConcentrationQuery) (*ConcentrationReport, error) {
	q.Item, q.Region = strings.TrimSpace(q.Item), strings.TrimSpace(q.Region)
	if err := q.validate(); err != nil {
		return nil, err
	}
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	from, to := 0, 0
	if q.Year != 0 {
		from, to = q.Year-1, q.Year // the previous year gives the trend
	}
	awards, err := m.Store.FindConcentrationAwards(ctx, q.Item, from, to)
	if err != nil {
		return nil, err
	}
	out := []concentration.Figures{}
	for _, f := range concentration.Compute(awards) {
		if (q.Year == 0 || f.Year == q.Year) && (q.Region == "" || f.Region == q.Region) {
			out = append(out, f)
		}
	}
	return &ConcentrationReport{GeneratedAt: now, Thresholds: ConcentrationRule, Markets: out}, nil
}

// CSV renders one row per market.
func (r *ConcentrationReport) CSV() []byte {
	var buf bytes.Buffer
	w := opendata.NewCSVWriter(&buf)
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return decimal2(*v)
	}
	_ = w.Write([]string{"item", "item_name", "level", "region", "year", "projects", "amount", "winners", "hhi", "cr4",
		"max_share", "largest_agency_id", "largest_agency", "previous_hhi", "hhi_change", "previous_cr4", "cr4_change", "alerts"})
	for _, f := range r.Markets {
		largest := ""
		if len(f.Shares) > 0 {
			largest = f.Shares[0].Name
		}
		_ = w.Write([]string{f.ItemCode, f.ItemName, f.Level, f.Region, strconv.Itoa(f.Year), strconv.Itoa(f.Projects),
			Money(f.AmountFen).String(), strconv.Itoa(f.Winners), decimal2(f.HHI), decimal2(f.CR4), decimal2(f.MaxShare),
			strconv.FormatInt(f.LargestAgency, 10), largest, opt(f.PreviousHHI), opt(f.HHIChange), opt(f.PreviousCR4),
			opt(f.CR4Change), strings.Join(f.Alerts, " ")})
	}
	w.Flush()
	return buf.Bytes()
}

func decimal2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// ConcentrationForSupervisor is the department monitor's view: the markets
// lying in the department's own region (all of them for an admin).
func (m *Marketplace) ConcentrationForSupervisor(ctx context.Context, actor Actor, q ConcentrationQuery) (*ConcentrationReport, error) {
	region, err := m.office(nil).SupervisorRegion(ctx, actor)
	if err != nil {
		return nil, err
	}
	r, err := m.Concentration(ctx, q)
	if err != nil || region == "" {
		return r, err
	}
	mine := r.Markets[:0]
	for _, f := range r.Markets {
		if strings.HasPrefix(f.Region, region) {
			mine = append(mine, f)
		}
	}
	r.Markets = mine
	return r, nil
}
