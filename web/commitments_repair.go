package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/credit"
)

// The repair queue is in the department's and the admin's menu; added here
// so that the feature stays in its own files.
func init() {
	for _, role := range []string{domain.RoleDepartment, domain.RoleAdmin} {
		roleMenus[role] = append(roleMenus[role], [2]string{"/workspace/repairs", "ws.repairs"})
	}
}

// handleRepairApply is the agency's repair application from its credit
// record; a refusal (too early, never repairable…) is shown on the record.
func (p *Portal) handleRepairApply(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Credit().ApplyRepair(c.Request().Context(), api.ActorOf(c), id, c.FormValue("evidence")); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		return p.myCreditPage(c, status, v.errorText(err))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/credit?repair=1")
}

// creditQueue is what the queues of requests about credit events (appeals,
// repairs) show beside the requests: the pager, the names of the agencies
// and the events the requests are about (kind, points, project, date).
type creditQueue struct {
	Total  int
	Pager  pager
	Names  domain.Names
	Events map[int64]*credit.Event
}

// pendingCreditQueue pages a credit queue's pending requests with list and
// fills its creditQueue; about names a request's agency and credit event,
// decided the agency of a request just decided (shown above the queue).
func pendingCreditQueue[R any](p *Portal, c echo.Context, list func(context.Context, domain.Actor, string, domain.Page) (domain.List[R], error),
	pending string, about func(R) (agencyID, eventID int64), decided *int64) ([]R, creditQueue, error) {
	pg, err := pageOf20(c)
	if err != nil {
		return nil, creditQueue{}, err
	}
	l, err := list(c.Request().Context(), api.ActorOf(c), pending, pg)
	if err != nil {
		return nil, creditQueue{}, err
	}
	var ds []int64
	if decided != nil {
		ds = append(ds, *decided)
	}
	q, err := loadCreditQueue(p, c, l, about, ds...)
	return l.Items, q, err
}

// loadCreditQueue fills a creditQueue for one page of requests.
func loadCreditQueue[R any](p *Portal, c echo.Context, list domain.List[R], about func(R) (agencyID, eventID int64), decided ...int64) (creditQueue, error) {
	q := creditQueue{Total: list.Total, Pager: listPager(c, list.Total, list.Page, list.PerPage)}
	ids, events := make([]int64, 0, len(list.Items)+len(decided)), make([]int64, len(list.Items))
	for i, r := range list.Items {
		var agency int64
		agency, events[i] = about(r)
		ids = append(ids, agency)
	}
	ids = append(ids, decided...)
	var err error
	if q.Names, err = p.market.AccountNames(c.Request().Context(), ids); err != nil {
		return q, err
	}
	q.Events, err = p.market.Credit().EventsOf(c.Request().Context(), api.ActorOf(c), events)
	return q, err
}

// repairForm lists the pending repair applications, each with its form.
type repairForm struct {
	Error   string
	Decided *credit.Repair
	Pending []*credit.Repair
	creditQueue
}

func (p *Portal) repairsPage(c echo.Context, v *page, status int, f repairForm) error {
	var decided *int64
	if f.Decided != nil {
		decided = &f.Decided.AgencyID
	}
	var err error
	f.Pending, f.creditQueue, err = pendingCreditQueue(p, c, p.market.Credit().ListRepairs, credit.RepairPending,
		func(r *credit.Repair) (int64, int64) { return r.AgencyID, r.EventID }, decided)
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_repairs", v, f)
}

func (p *Portal) handleRepairs(c echo.Context) error {
	v, err := p.wsPage(c, "ws.repairs", domain.ActDecideRepair)
	if err != nil {
		return err
	}
	return p.repairsPage(c, v, http.StatusOK, repairForm{})
}

func (p *Portal) handleRepairDecide(c echo.Context) error {
	v, err := p.wsPage(c, "ws.repairs", domain.ActDecideRepair)
	if err != nil {
		return err
	}
	id, perr := strconv.ParseInt(strings.TrimSpace(c.FormValue("repair_id")), 10, 64)
	if perr != nil || id <= 0 {
		return p.repairsPage(c, v, http.StatusBadRequest, repairForm{Error: v.T("error.number_format")})
	}
	r, err := p.market.Credit().DecideRepair(c.Request().Context(), api.ActorOf(c), id, c.FormValue("granted") == "1", c.FormValue("reason"))
	if err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		return p.repairsPage(c, v, status, repairForm{Error: v.errorText(err)})
	}
	return p.repairsPage(c, v, http.StatusOK, repairForm{Decided: r})
}
