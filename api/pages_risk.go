package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// registerRiskPages mounts the department workspace's risk pages: the risk
// list, a flag with its evidence, and the case page. They call the same
// use cases as /api/v1/supervision.
func (p *pages) registerRiskPages(g *echo.Group) {
	g.GET("/supervision/risks", p.handleRiskList)
	g.GET("/supervision/risks/:id", p.handleRiskFlag)
	g.POST("/supervision/risks/:id/cases", p.handleRiskCaseOpen)
	g.GET("/supervision/cases/:id", p.handleRiskCase)
	g.POST("/supervision/cases/:id/notes", p.handleRiskCaseNote)
	g.POST("/supervision/cases/:id/close", p.handleRiskCaseClose)
	g.POST("/supervision/cases/:id/convert", p.handleRiskCaseConvert)
}

type riskListView struct {
	Items      []*domain.RiskFlag
	Total      int
	Indicator  string
	Indicators []string
	Pager      pager
}

func (p *pages) handleRiskList(c echo.Context) error {
	if err := requireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	f, err := riskFilter(c)
	if err != nil {
		return err
	}
	list, err := p.s.Market.ListRisks(c.Request().Context(), ActorOf(c), f)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.title")
	v.Body = riskListView{Items: list.Items, Total: list.Total, Indicator: f.Indicator, Indicators: domain.RiskIndicators,
		Pager: newPager(c, list.Total, domain.Page{Page: list.Page, PerPage: list.PerPage})}
	return p.render(c, http.StatusOK, "risk_list", v)
}

func (p *pages) handleRiskFlag(c echo.Context) error {
	if err := requireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := creditPathID(c)
	if err != nil {
		return err
	}
	d, err := p.s.Market.GetRisk(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.flag_title")
	v.Body = d
	return p.render(c, http.StatusOK, "risk_flag", v)
}

func (p *pages) handleRiskCaseOpen(c echo.Context) error {
	if err := requireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := creditPathID(c)
	if err != nil {
		return err
	}
	cs, err := p.s.Market.OpenRiskCase(c.Request().Context(), ActorOf(c), id, c.FormValue("note"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/supervision/cases/%d", cs.ID))
}

type riskCaseView struct {
	Case *domain.RiskCase
	Flag *domain.RiskFlag
	Mine bool
	Kind []string
}

func (p *pages) handleRiskCase(c echo.Context) error {
	if err := requireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := creditPathID(c)
	if err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), ActorOf(c)
	cs, err := p.s.Market.GetRiskCase(ctx, actor, id)
	if err != nil {
		return err
	}
	d, err := p.s.Market.GetRisk(ctx, actor, cs.FlagID)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.case_title")
	v.Body = riskCaseView{Case: cs, Flag: d.Flag, Mine: cs.OpenedBy == actor.ID || actor.Role == domain.RoleAdmin,
		Kind: []string{domain.CreditCollusion, domain.CreditFalseMaterials, domain.CreditViolation}}
	return p.render(c, http.StatusOK, "risk_case", v)
}

// caseAction runs one form action on a case and returns to the case page.
func (p *pages) caseAction(c echo.Context, act func(id int64) error) error {
	if err := requireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := creditPathID(c)
	if err != nil {
		return err
	}
	if err := act(id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/supervision/cases/%d", id))
}

func (p *pages) handleRiskCaseNote(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		_, err := p.s.Market.AddRiskCaseNote(c.Request().Context(), ActorOf(c), id, c.FormValue("body"))
		return err
	})
}

func (p *pages) handleRiskCaseClose(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		_, err := p.s.Market.CloseRiskCaseUnfounded(c.Request().Context(), ActorOf(c), id, c.FormValue("reason"))
		return err
	})
}

func (p *pages) handleRiskCaseConvert(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		var agency int64
		if _, err := fmt.Sscan(strings.TrimSpace(c.FormValue("agency_id")), &agency); err != nil {
			return domain.FieldError("agency_id", "agency_required", "Choose the agency the violation is against.")
		}
		var sev domain.Severity
		if s := c.FormValue("severity"); s != "" {
			if err := sev.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
				return err
			}
		}
		_, _, err := p.s.Market.ConvertRiskCase(c.Request().Context(), ActorOf(c), id,
			domain.ConvertInput{AgencyID: agency, Kind: c.FormValue("kind"), Severity: sev, Reason: c.FormValue("reason")})
		return err
	})
}
