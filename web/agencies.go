package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
	"marketplace/domain/credit"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// agencyView is an agency's public profile with its credit record.
type agencyView struct {
	A      *agency.Agency
	Credit *credit.AgencyCredit
	Self   bool
}

func (p *Portal) handleAgency(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.Errorf(domain.ENOTFOUND, "agency_not_found", "No agency with this id.")
	}
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	a, err := p.market.Agencies().GetAgency(ctx, actor, id)
	if err != nil {
		return err
	}
	cr, err := p.market.Credit().AgencyCredit(ctx, actor, id)
	if err != nil {
		return err
	}
	v := p.newPage(c, "agencies", "nav.agencies")
	v.Title = a.Name
	v.Body = agencyView{A: a, Credit: cr, Self: actor.ID == id}
	return p.render(c, http.StatusOK, "agency", v)
}

// creditView is the public credit page: rules, blacklist and suspensions.
type creditView struct {
	Rules       *credit.Rules
	Blacklist   []*credit.Sanction
	Suspensions []*credit.Sanction
}

func (p *Portal) handleCredit(c echo.Context) error {
	ctx := c.Request().Context()
	bl, err := p.market.Credit().ListSanctions(ctx, domain.StatusBlacklisted, domain.Page{Page: 1, PerPage: 100})
	if err != nil {
		return err
	}
	su, err := p.market.Credit().ListSanctions(ctx, domain.StatusSuspended, domain.Page{Page: 1, PerPage: 100})
	if err != nil {
		return err
	}
	v := p.newPage(c, "credit", "nav.credit")
	v.Body = creditView{Rules: credit.PublishedRules(), Blacklist: bl.Items, Suspensions: su.Items}
	return p.render(c, http.StatusOK, "credit", v)
}

// dataView is the open-data page: simple counts for now.
type dataView struct {
	Counts []dataCount
	Stats  *opendata.Stats
}

type dataCount struct {
	Label string
	N     int
}

func (p *Portal) handleData(c echo.Context) error {
	ctx := c.Request().Context()
	v := p.newPage(c, "data", "nav.data")
	stats, err := p.market.Publisher().Stats(ctx)
	if err != nil {
		return err
	}
	// the projects per public state, from the statistics' one GROUP BY
	byStatus := map[string]int{}
	for _, sc := range stats.ProjectsByStatus {
		byStatus[sc.Key] = sc.Count
	}
	var counts []dataCount
	for _, st := range market.PublicProjectStatuses {
		counts = append(counts, dataCount{Label: v.T("data.projects") + " · " + v.T("status."+st), N: byStatus[st]})
	}
	for _, role := range []string{domain.RoleAgency, domain.RoleEnterprise} {
		n, err := p.market.Accounts().CountAccounts(ctx, role)
		if err != nil {
			return err
		}
		counts = append(counts, dataCount{Label: v.T("data.accounts") + " · " + v.T("role."+role), N: n})
	}
	items, err := p.market.Catalogue().List(ctx, catalogue.Filter{Status: catalogue.Retained, Page: domain.Page{PerPage: 1}})
	if err != nil {
		return err
	}
	counts = append(counts, dataCount{Label: v.T("home.items"), N: items.Total})
	v.Body = dataView{Counts: counts, Stats: stats}
	return p.render(c, http.StatusOK, "data", v)
}

// creditRows feeds the credit-event table partial; Appeal adds the
// appeal form (the agency's own record).
type creditRows struct {
	Page   *page
	Events []*credit.Event
	Appeal bool
}

// sanctionRows feeds the blacklist and suspension table partial.
type sanctionRows struct {
	Page  *page
	Items []*credit.Sanction
}
