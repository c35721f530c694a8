package web

import (
	"marketplace/api"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/concentration"
)

// Sizes of the concentration section: the table shows the most
// concentrated markets first (the CSV has them all), the chart fewer.
const (
	concentrationRows   = 50
	concentrationBars   = 12
	concentrationWidth  = 400 // pixels of an HHI of 10,000
	concentrationBarGap = 22
)

// concentrationView feeds the "concentration" partial of /data and of the
// department monitor.
type concentrationView struct {
	Page      *page
	Markets   []concentration.Figures
	Total     int
	Bars      []hbar
	Height    int
	Threshold int // x of the HHI alert line
	Item      string
	Region    string
	Year      string
	Action    string
	CSV       string
	Error     string
	Rule      domain.ConcentrationThresholds
}

// hbar is one horizontal bar of the HHI chart.
type hbar struct {
	Label string
	Value string
	Y, W  int
	Alert bool
}

// concentrationSection builds the section from ?c_item=&c_region=&c_year=
// (prefixed, so they never clash with the host page's filters). supervise:
// the department monitor (the actor's region only). A bad filter shows a
// message in place of the table, never an error page.
func (p *Portal) concentrationSection(c echo.Context, v *page, action string, supervise bool) *concentrationView {
	cv := &concentrationView{Page: v, Rule: domain.ConcentrationRule, Item: c.QueryParam("c_item"), Region: c.QueryParam("c_region"), Year: c.QueryParam("c_year"), Action: action}
	q := domain.ConcentrationQuery{Item: cv.Item, Region: cv.Region}
	if cv.Year != "" {
		y, err := strconv.Atoi(cv.Year)
		if err != nil {
			cv.Error = v.errorText(domain.FieldError("year", "year_invalid", "year must be a whole number."))
			return cv
		}
		q.Year = y
	}
	link := url.Values{"format": {"csv"}}
	for k, val := range map[string]string{"item": cv.Item, "region": cv.Region, "year": cv.Year} {
		if val != "" {
			link.Set(k, val)
		}
	}
	cv.CSV = "/api/v1/stats/concentration?" + link.Encode()
	var r *domain.ConcentrationReport
	var err error
	if supervise {
		r, err = p.market.ConcentrationForSupervisor(c.Request().Context(), api.ActorOf(c), q)
	} else {
		r, err = p.market.Concentration(c.Request().Context(), q)
	}
	if err != nil {
		cv.Error = v.errorText(err)
		return cv
	}
	ms := r.Markets
	// Alerts first, then the most concentrated.
	sort.SliceStable(ms, func(i, j int) bool {
		if (len(ms[i].Alerts) > 0) != (len(ms[j].Alerts) > 0) {
			return len(ms[i].Alerts) > 0
		}
		return ms[i].HHI > ms[j].HHI
	})
	cv.Total = len(ms)
	if len(ms) > concentrationRows {
		ms = ms[:concentrationRows]
	}
	cv.Markets = ms
	cv.Threshold = 160 + concentration.AlertHHI*concentrationWidth/10000
	for i, f := range ms {
		if i == concentrationBars {
			break
		}
		cv.Bars = append(cv.Bars, hbar{Label: f.Region + " · " + f.ItemCode + " · " + strconv.Itoa(f.Year),
			Value: strconv.FormatFloat(f.HHI, 'f', 0, 64), Y: 10 + i*concentrationBarGap,
			W: max(1, int(f.HHI)*concentrationWidth/10000), Alert: len(f.Alerts) > 0})
	}
	cv.Height = 20 + len(cv.Bars)*concentrationBarGap
	return cv
}

// handleDataConcentration is the public page of the monitor (数据开放),
// its own page so that /data keeps its statement budget.
func (p *Portal) handleDataConcentration(c echo.Context) error {
	v := p.newPage(c, "data", "conc.title")
	v.Body = p.concentrationSection(c, v, "/data/concentration", false)
	return p.render(c, http.StatusOK, "data_concentration", v)
}

// handleWSConcentration is the department monitor's concentration page:
// the markets of the department's region, alerts first.
func (p *Portal) handleWSConcentration(c echo.Context) error {
	v, err := p.wsPage(c, "conc.title", domain.ActSupervise)
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "ws_concentration", v, p.concentrationSection(c, v, "/workspace/monitor/concentration", true))
}
