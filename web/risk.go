package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

// registerRiskPages mounts the department workspace's risk pages: the risk
// list, a flag with its evidence, and the case page. They call the same
// use cases as /api/v1/supervision.
type riskListView struct {
	Items      []*supervision.RiskFlag
	Total      int
	Indicator  string
	Indicators []string
	Pager      pager
	// Names names each flag's project, owner and agencies (the stored
	// summary is an English sentence with internal numbers).
	Names domain.Names
}

func (p *Portal) handleRiskList(c echo.Context) error {
	f, err := api.RiskFilter(c)
	if err != nil {
		return err
	}
	list, err := p.market.Supervision().ListRisks(c.Request().Context(), api.ActorOf(c), f)
	if err != nil {
		return err
	}
	names, err := p.market.RiskListNames(c.Request().Context(), list.Items)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.title")
	v.Body = riskListView{Items: list.Items, Total: list.Total, Indicator: f.Indicator, Indicators: supervision.RiskIndicators,
		Pager: newPager(c, list.Total, domain.Page{Page: list.Page, PerPage: list.PerPage}), Names: names}
	return p.render(c, http.StatusOK, "risk_list", v)
}

func (p *Portal) handleRiskFlag(c echo.Context) error {
	id, err := api.PathID(c)
	if err != nil {
		return err
	}
	d, err := p.market.Supervision().GetRisk(c.Request().Context(), api.ActorOf(c), id)
	if err != nil {
		return err
	}
	names, err := p.market.RiskNames(c.Request().Context(), d)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.flag_title")
	v.Body = riskFlagView{RiskDetail: d, Names: names}
	return p.render(c, http.StatusOK, "risk_flag", v)
}

func (p *Portal) handleRiskCaseOpen(c echo.Context) error {
	id, err := api.PathID(c)
	if err != nil {
		return err
	}
	cs, err := p.market.Supervision().OpenRiskCase(c.Request().Context(), api.ActorOf(c), id, c.FormValue("note"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/supervision/cases/%d", cs.ID))
}

type riskCaseView struct {
	Case *supervision.RiskCase
	Flag *supervision.RiskFlag
	Mine bool
	Kind []string
	// Names names the flag's project, owner and agencies.
	Names domain.Names
}

// riskFlagView is a flag's detail with the names of what it refers to.
type riskFlagView struct {
	*supervision.RiskDetail
	Names domain.Names
}

func (p *Portal) handleRiskCase(c echo.Context) error {
	id, err := api.PathID(c)
	if err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), api.ActorOf(c)
	cs, err := p.market.Supervision().GetRiskCase(ctx, actor, id)
	if err != nil {
		return err
	}
	d, err := p.market.Supervision().GetRisk(ctx, actor, cs.FlagID)
	if err != nil {
		return err
	}
	names, err := p.market.RiskNames(ctx, d)
	if err != nil {
		return err
	}
	v := p.newPage(c, "", "risk.case_title")
	v.Body = riskCaseView{Case: cs, Flag: d.Flag, Mine: cs.HandledBy(actor),
		Kind: []string{credit.KindCollusion, credit.KindFalseMaterials, credit.KindViolation}, Names: names}
	return p.render(c, http.StatusOK, "risk_case", v)
}

// caseAction runs one form action on a case and returns to the case page.
func (p *Portal) caseAction(c echo.Context, act func(id int64) error) error {
	id, err := api.PathID(c)
	if err != nil {
		return err
	}
	if err := act(id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/supervision/cases/%d", id))
}

func (p *Portal) handleRiskCaseNote(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		_, err := p.market.Supervision().AddRiskCaseNote(c.Request().Context(), api.ActorOf(c), id, c.FormValue("body"))
		return err
	})
}

func (p *Portal) handleRiskCaseClose(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		_, err := p.market.Supervision().CloseRiskCaseUnfounded(c.Request().Context(), api.ActorOf(c), id, c.FormValue("reason"))
		return err
	})
}

func (p *Portal) handleRiskCaseConvert(c echo.Context) error {
	return p.caseAction(c, func(id int64) error {
		var agency int64
		if _, err := fmt.Sscan(strings.TrimSpace(c.FormValue("agency_id")), &agency); err != nil {
			return domain.FieldError("agency_id", "agency_required", "Choose the agency the violation is against.")
		}
		var sev credit.Severity
		if s := c.FormValue("severity"); s != "" {
			if err := sev.UnmarshalJSON([]byte(`"` + s + `"`)); err != nil {
				return err
			}
		}
		_, _, err := p.market.ConvertRiskCase(c.Request().Context(), api.ActorOf(c), id,
			domain.ConvertInput{AgencyID: agency, Kind: c.FormValue("kind"), Severity: sev, Reason: c.FormValue("reason")})
		return err
	})
}
