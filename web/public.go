package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
)

type homeView struct {
	Items    int
	Agencies int
	Open     []*market.Project
	OpenN    int
	Results  []*market.Project
	ResultsN int
	Now      time.Time
}

// resultStatuses are the states whose selection result is public (结果公示).
var resultStatuses = []string{market.ProjectPublicity, market.ProjectAwarded, market.ProjectContracted,
	market.ProjectDelivered, market.ProjectAccepted, market.ProjectCompleted, market.ProjectFailed}

func (p *Portal) handleHome(c echo.Context) error {
	ctx := c.Request().Context()
	items, err := p.market.Catalogue().List(ctx, catalogue.Filter{Status: catalogue.Retained, Page: domain.Page{PerPage: 1}})
	if err != nil {
		return err
	}
	agencies, err := p.market.Accounts().CountAccounts(ctx, domain.RoleAgency)
	if err != nil {
		return err
	}
	open, err := p.market.Projects().List(ctx, domain.Actor{}, market.ProjectFilter{Status: market.ProjectBidding, Sort: "deadline", Page: domain.Page{PerPage: 8}})
	if err != nil {
		return err
	}
	results, err := p.market.Projects().List(ctx, domain.Actor{}, market.ProjectFilter{Statuses: resultStatuses, Page: domain.Page{PerPage: 5}})
	if err != nil {
		return err
	}
	now, err := p.now(c)
	if err != nil {
		return err
	}
	v := p.newPage(c, "home", "nav.home")
	v.Body = homeView{Items: items.Total, Agencies: agencies, Open: open.Items, OpenN: open.Total,
		Results: results.Items, ResultsN: results.Total, Now: now}
	return p.render(c, http.StatusOK, "home", v)
}

// pager links pages of a list, keeping the other query parameters.
type pager struct {
	Page, Pages int
	base        string
}

// Link is the URL of page n.
func (pg pager) Link(n int) string { return pg.base + "page=" + strconv.Itoa(n) }

func newPager(c echo.Context, total int, p domain.Page) pager {
	q := c.Request().URL.Query()
	q.Del("page")
	base := c.Request().URL.Path + "?"
	if enc := q.Encode(); enc != "" {
		base += enc + "&"
	}
	return pager{Page: p.Page, Pages: (total + p.PerPage - 1) / p.PerPage, base: base}
}

type catalogueView struct {
	Items []*catalogue.Item
	Total int
	// Retained is the count of retained items (the home page's figure).
	Retained int
	Query    string
	Status   string
	Pager    pager
}

func (p *Portal) handleCatalogue(c echo.Context) error {
	pg, err := api.PageParams(c)
	if err != nil {
		return err
	}
	f := catalogue.Filter{Query: c.QueryParam("q"), Status: c.QueryParam("status"), Page: pg}
	list, err := p.market.Catalogue().List(c.Request().Context(), f)
	if err != nil {
		return err
	}
	retained, err := p.market.Catalogue().List(c.Request().Context(), catalogue.Filter{Status: catalogue.Retained, Page: domain.Page{PerPage: 1}})
	if err != nil {
		return err
	}
	v := p.newPage(c, "catalogue", "catalogue.title")
	v.Body = catalogueView{Items: list.Items, Total: list.Total, Retained: retained.Total, Query: f.Query, Status: f.Status, Pager: newPager(c, list.Total, pg)}
	return p.render(c, http.StatusOK, "catalogue", v)
}

func (p *Portal) handleItem(c echo.Context) error {
	it, err := p.market.Catalogue().Get(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	v := p.newPage(c, "catalogue", "catalogue.title")
	v.Title = it.Name
	v.Body = it
	return p.render(c, http.StatusOK, "item", v)
}
