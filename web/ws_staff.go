package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/credit"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
)

// bar is one bar of the server-rendered SVG chart (no script, no library).
type bar struct {
	Label      string
	N          int
	X, Y, H, W int
	Class      string
}

// chartHeight is the drawing height of the grade chart in SVG units.
const chartHeight = 160

// gradeBars lays out the grade distribution as bars scaled to the largest.
func gradeBars(v *page, g credit.GradeCounts) []bar {
	vals := []struct {
		key string
		n   int
	}{{"A", g.A}, {"B", g.B}, {"C", g.C}, {"D", g.D}, {"suspended", g.Suspended}, {"blacklisted", g.Blacklisted}}
	max := 1
	for _, x := range vals {
		if x.n > max {
			max = x.n
		}
	}
	out := make([]bar, len(vals))
	for i, x := range vals {
		h := x.n * chartHeight / max
		label := v.T("agency_status." + x.key)
		if len(x.key) == 1 {
			label = v.T("grade." + x.key)
		}
		out[i] = bar{Label: label, N: x.n, X: 20 + i*90, W: 60, H: h, Y: 20 + chartHeight - h, Class: "bar-" + x.key}
	}
	return out
}

// monitorView is the departments' credit monitor (信用监管).
type monitorView struct {
	M        *credit.Monitor
	Bars     []bar
	ItemCode string
	Region   string
}

func (p *Portal) handleMonitor(c echo.Context) error {
	v, err := p.wsPage(c, "ws.monitor", domain.ActCreditMonitor)
	if err != nil {
		return err
	}
	f := credit.MonitorFilter{ItemCode: c.QueryParam("item_code"), Region: c.QueryParam("region")}
	m, err := p.market.Credit().Monitor(c.Request().Context(), api.ActorOf(c), f)
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "ws_monitor", v, monitorView{M: m, Bars: gradeBars(v, m.Grades), ItemCode: f.ItemCode, Region: f.Region})
}

// violationsView lists violations with the second department's confirm
// button, and the form to record one (kept as typed when refused).
type violationsView struct {
	Items  []*credit.Violation
	Total  int
	Status string
	Pager  pager
	Me     int64
	Form   violationForm
	Kinds  []string
	// AvoidQueue: departments' avoid lists waiting for a second department.
	AvoidQueue []*domain.Confirmation
	// Projects are the department's own published projects, offered by
	// title and 项目编号 to tie a finding to: the internal id is never typed.
	Projects []*market.Project
}

// violationProjectChoices caps the projects the violation form offers.
const violationProjectChoices = 200

type violationForm struct {
	Kind, Severity, Reason, Evidence, ProjectID string
	// Agency names the agency by name or USCC, never by number.
	Agency agencyPicker
	Errors map[string]string
}

func (p *Portal) handleViolations(c echo.Context) error {
	v, err := p.wsPage(c, "ws.violations", domain.ActSupervise)
	if err != nil {
		return err
	}
	return p.violationsPage(c, v, http.StatusOK, violationForm{Kind: credit.KindViolation, Severity: "1",
		Agency: agencyPicker{Field: "agency"}, Errors: map[string]string{}})
}

// handleViolationRecord records a department's violation finding.
func (p *Portal) handleViolationRecord(c echo.Context) error {
	v, err := p.wsPage(c, "ws.violations", domain.ActSupervise)
	if err != nil {
		return err
	}
	f := violationForm{Kind: c.FormValue("kind"), Severity: c.FormValue("severity"),
		Reason: c.FormValue("reason"), Evidence: c.FormValue("evidence"), ProjectID: c.FormValue("project_id"), Errors: map[string]string{}}
	in := credit.ViolationInput{Kind: f.Kind, Reason: f.Reason, Evidence: f.Evidence}
	in.AgencyID, f.Agency = p.resolveAgencyField(c.Request().Context(), v, "agency", c.FormValue("agency"), c.FormValue("agency_pick"))
	if f.Agency.Error != "" {
		f.Errors["agency"] = f.Agency.Error
	}
	sev, serr := strconv.Atoi(f.Severity)
	if serr != nil {
		f.Errors["severity"] = v.T("error.number_format")
	}
	in.Severity = credit.Severity(sev)
	if s := strings.TrimSpace(f.ProjectID); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f.Errors["project_id"] = v.T("error.number_format")
		}
		in.ProjectID = &id
	}
	if len(f.Errors) > 0 {
		return p.violationsPage(c, v, http.StatusBadRequest, f)
	}
	if _, err := p.market.Credit().RecordViolation(c.Request().Context(), api.ActorOf(c), in); err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		field := fieldOr(de, "agency", "agency_id")
		f.Errors[field] = v.errorText(err)
		if field == "agency" {
			f.Agency.Error = f.Errors[field]
		}
		return p.violationsPage(c, v, status, f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/violations")
}

func (p *Portal) violationsPage(c echo.Context, v *page, status int, form violationForm) error {
	form.Agency.Field = "agency"
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	f := credit.ViolationFilter{Status: c.QueryParam("status"), Page: pg}
	list, err := p.market.Credit().ListViolations(c.Request().Context(), api.ActorOf(c), f)
	if err != nil {
		return err
	}
	queue, err := p.avoidQueue(c)
	if err != nil {
		return err
	}
	var projects []*market.Project
	if domain.Can(v.Actor, domain.ActRecordViolation) {
		own, err := p.market.Projects().List(c.Request().Context(), api.ActorOf(c), market.ProjectFilter{OwnerID: v.Actor.ID,
			Sort: "date", Page: domain.Page{Page: 1, PerPage: violationProjectChoices}})
		if err != nil {
			return err
		}
		for _, pr := range own.Items {
			if pr.Status != market.ProjectDraft {
				projects = append(projects, pr)
			}
		}
	}
	return p.renderWS(c, status, "ws_violations", v, violationsView{Items: list.Items, Total: list.Total, Status: f.Status,
		Pager: listPager(c, list.Total, list.Page, list.PerPage), Me: v.Actor.ID, Form: form,
		Kinds: credit.ViolationKinds(), AvoidQueue: queue, Projects: projects})
}

func (p *Portal) handleViolationConfirm(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Credit().ConfirmViolation(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/violations")
}

// adminCatalogueView lists every item for editing.
type adminCatalogueView struct {
	Items []*catalogue.Item
	Total int
	Pager pager
}

func (p *Portal) handleAdminCatalogue(c echo.Context) error {
	v, err := p.wsPage(c, "ws.catalogue", domain.ActAdminister)
	if err != nil {
		return err
	}
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	list, err := p.market.Catalogue().List(c.Request().Context(), catalogue.Filter{Page: pg})
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "ws_catalogue", v, adminCatalogueView{Items: list.Items, Total: list.Total,
		Pager: listPager(c, list.Total, list.Page, list.PerPage)})
}

// itemForm edits one catalogue item, kept as typed.
type itemForm struct {
	Code, Name, Department, LegalBasis, Qualification string
	TimeLimit, Conditions, FeeStandard, Status        string
	Workflow                                          string
	Errors                                            map[string]string
	Saved                                             bool
}

func (p *Portal) handleItemForm(c echo.Context) error {
	v, err := p.wsPage(c, "ws.catalogue", domain.ActAdminister)
	if err != nil {
		return err
	}
	it, err := p.market.Catalogue().Get(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	f := itemForm{Code: it.Code, Name: it.Name, Department: it.Department, LegalBasis: it.LegalBasis, Qualification: derefStr(it.Qualification),
		TimeLimit: strconv.Itoa(it.TimeLimitDays), Conditions: it.Conditions, FeeStandard: it.FeeStandard, Status: it.Status,
		Workflow: strings.Join(it.Workflow, "\n"), Errors: map[string]string{}, Saved: c.QueryParam("saved") != ""}
	return p.renderWS(c, http.StatusOK, "ws_item", v, f)
}

func (p *Portal) handleItemSave(c echo.Context) error {
	v, err := p.wsPage(c, "ws.catalogue", domain.ActAdminister)
	if err != nil {
		return err
	}
	f := itemForm{Code: c.Param("code"), Name: c.FormValue("name"), Department: c.FormValue("department"), LegalBasis: c.FormValue("legal_basis"),
		Qualification: c.FormValue("qualification"), TimeLimit: c.FormValue("time_limit_days"), Conditions: c.FormValue("conditions"),
		FeeStandard: c.FormValue("fee_standard"), Status: c.FormValue("status"), Workflow: c.FormValue("workflow"), Errors: map[string]string{}}
	days, aerr := strconv.Atoi(strings.TrimSpace(f.TimeLimit))
	if aerr != nil {
		f.Errors["time_limit_days"] = v.T("error.number_format")
		return p.renderWS(c, http.StatusBadRequest, "ws_item", v, f)
	}
	var wf []string
	for _, l := range strings.Split(f.Workflow, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			wf = append(wf, l)
		}
	}
	patch := catalogue.Patch{Name: &f.Name, Department: &f.Department, LegalBasis: &f.LegalBasis, Qualification: &f.Qualification,
		TimeLimitDays: &days, Conditions: &f.Conditions, FeeStandard: &f.FeeStandard, Status: &f.Status, Workflow: &wf}
	if _, err := p.market.Catalogue().Update(c.Request().Context(), api.ActorOf(c), f.Code, patch); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code != domain.EINVALID && de.Code != domain.ECONFLICT {
			return err
		}
		field := de.Field
		if field == "" {
			field = "form"
		}
		f.Errors[field] = v.errorText(err)
		return p.renderWS(c, api.StatusOf(de.Code), "ws_item", v, f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/catalogue/"+f.Code+"?saved=1")
}

// appealForm lists the pending appeals, each with its decision form.
type appealForm struct {
	ID, Reason string
	Upheld     bool
	Error      string
	Decided    *credit.Appeal
	Pending    []*credit.Appeal
	creditQueue
}

func (p *Portal) appealsPage(c echo.Context, v *page, status int, f appealForm) error {
	var decided *int64
	if f.Decided != nil {
		decided = &f.Decided.AgencyID
	}
	var err error
	f.Pending, f.creditQueue, err = pendingCreditQueue(p, c, p.market.Credit().ListAppeals, credit.AppealPending,
		func(a *credit.Appeal) (int64, int64) { return a.AgencyID, a.EventID }, decided)
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_appeals", v, f)
}

func (p *Portal) handleAppeals(c echo.Context) error {
	v, err := p.wsPage(c, "ws.appeals", domain.ActDecideAppeal)
	if err != nil {
		return err
	}
	return p.appealsPage(c, v, http.StatusOK, appealForm{})
}

func (p *Portal) handleAppealDecide(c echo.Context) error {
	v, err := p.wsPage(c, "ws.appeals", domain.ActDecideAppeal)
	if err != nil {
		return err
	}
	f := appealForm{ID: c.FormValue("appeal_id"), Reason: c.FormValue("reason"), Upheld: c.FormValue("upheld") == "1"}
	id, perr := strconv.ParseInt(strings.TrimSpace(f.ID), 10, 64)
	if perr != nil || id <= 0 {
		f.Error = v.T("error.number_format")
		return p.appealsPage(c, v, http.StatusBadRequest, f)
	}
	a, err := p.market.Credit().DecideAppeal(c.Request().Context(), api.ActorOf(c), id, f.Upheld, f.Reason)
	if err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		f.Error = v.errorText(err)
		return p.appealsPage(c, v, status, f)
	}
	return p.appealsPage(c, v, http.StatusOK, appealForm{Decided: a})
}

// jobsView shows the scheduler's health per job and its recorded runs
// (those that changed something or failed; ?failed=true: failed only).
type jobsView struct {
	Health []jobHealthRow
	Runs   []*jobrun.Run
	Total  int
	Failed bool
	Pager  pager
}

// jobHealthRow is one job's health with the time since its last progress
// in whole minutes, as the page shows it (Progressed: it ever changed
// anything).
type jobHealthRow struct {
	*jobrun.Health
	Progressed  bool
	IdleMinutes int
}

func (p *Portal) handleJobs(c echo.Context) error {
	v, err := p.wsPage(c, "ws.jobs", domain.ActAdminister)
	if err != nil {
		return err
	}
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	f, err := api.JobRunFilter(c)
	if err != nil {
		return err
	}
	o, err := p.market.Jobs().Overview(c.Request().Context(), api.ActorOf(c), f, pg)
	if err != nil {
		return err
	}
	rows := make([]jobHealthRow, len(o.Health))
	for i, h := range o.Health {
		rows[i].Health = h
		if h.SinceProgress != nil {
			rows[i].Progressed, rows[i].IdleMinutes = true, int(*h.SinceProgress/60)
		}
	}
	return p.renderWS(c, http.StatusOK, "ws_jobs", v, jobsView{Health: rows, Runs: o.Items, Total: o.Total, Failed: f.Failed,
		Pager: listPager(c, o.Total, o.Page, o.PerPage)})
}

func (p *Portal) handleAuditStatus(c echo.Context) error {
	v, err := p.wsPage(c, "ws.audit", domain.ActAdminister)
	if err != nil {
		return err
	}
	res, err := p.market.Audit().Verify(c.Request().Context())
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "ws_audit", v, res)
}

func derefStr(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
