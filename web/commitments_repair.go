package web

import (
	"marketplace/api"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
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
	if _, err := p.market.ApplyCreditRepair(c.Request().Context(), api.ActorOf(c), id, c.FormValue("evidence")); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Code == domain.EFORBIDDEN {
			return err
		}
		v := p.newPage(c, "", "")
		return p.myCreditPage(c, api.StatusOf(de.Code), v.errorText(err))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/credit?repair=1")
}

// repairForm lists the pending repair applications, each with its form.
type repairForm struct {
	Error   string
	Decided *domain.Repair
	Pending []*domain.Repair
	Total   int
	Pager   pager
	// Names names the applying agencies; Events the credit events to
	// repair (kind, points, project, date).
	Names  domain.Names
	Events map[int64]*domain.CreditEvent
}

func (p *Portal) repairsPage(c echo.Context, v *page, status int, f repairForm) error {
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	list, err := p.market.ListCreditRepairs(c.Request().Context(), api.ActorOf(c), domain.RepairPending, pg)
	if err != nil {
		return err
	}
	f.Pending, f.Total, f.Pager = list.Items, list.Total, listPager(c, list.Total, list.Page, list.PerPage)
	ids, events := make([]int64, 0, len(f.Pending)+1), make([]int64, len(f.Pending))
	for i, r := range f.Pending {
		ids, events[i] = append(ids, r.AgencyID), r.EventID
	}
	if f.Decided != nil {
		ids = append(ids, f.Decided.AgencyID)
	}
	if f.Names, err = p.market.AccountNames(c.Request().Context(), ids); err != nil {
		return err
	}
	if f.Events, err = p.market.CreditEventsOf(c.Request().Context(), api.ActorOf(c), events); err != nil {
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
	r, err := p.market.DecideCreditRepair(c.Request().Context(), api.ActorOf(c), id, c.FormValue("granted") == "1", c.FormValue("reason"))
	if err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Code == domain.EFORBIDDEN {
			return err
		}
		return p.repairsPage(c, v, api.StatusOf(de.Code), repairForm{Error: v.errorText(err)})
	}
	return p.repairsPage(c, v, http.StatusOK, repairForm{Decided: r})
}
