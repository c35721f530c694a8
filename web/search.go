package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
	"marketplace/domain/search"
)

// The tabs of the portal-wide search (the home page's search box).
const (
	tabNotices  = "notices"
	tabResults  = "results"
	tabAgencies = "agencies"
	tabItems    = "items"
)

// searchTab is one tab: its name, count and link.
type searchTab struct {
	TitleID  string
	Href     string
	Count    int
	Estimate bool
	Current  bool
}

// portalSearchView is /search: every kind of result counted, one shown.
type portalSearchView struct {
	Query    string
	Tab      string
	Tabs     []searchTab
	Projects []*market.Project
	Results  []resultRow
	Agencies []*agency.Summary
	Items    []*catalogue.Item
	More     string
	Now      time.Time
}

// handlePortalSearch searches notices, results, agencies and items with
// the same engine as the lists (and the catalogue's synonym search), and
// shows the chosen tab's first page with a link to its full list.
func (p *Portal) handlePortalSearch(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParam("q")
	tab := c.QueryParam("tab")
	first := domain.Page{Page: 1, PerPage: 20}
	v := p.newPage(c, "", "action.search")
	body := portalSearchView{Query: q, Tab: tab}
	// every tab is counted; only the shown tab's rows are read
	noticeFilter := market.ProjectFilter{Query: q, Status: market.ProjectBidding, Page: first}
	notices, err := p.searchProjects(c, noticeFilter)
	if err != nil {
		return err
	}
	resultFilter := market.ProjectFilter{Query: q, Statuses: resultStatuses, Page: first}
	results, err := p.searchProjects(c, resultFilter)
	if err != nil {
		return err
	}
	agencies, err := p.market.Search(ctx, api.ActorOf(c), search.Input{Q: q, Type: search.Agencies, Page: first})
	if err != nil {
		return err
	}
	items, err := p.market.Catalogue().List(ctx, catalogue.Filter{Query: q, Page: first})
	if err != nil {
		return err
	}
	if tab == "" {
		// open on the first tab with something to show
		tab = tabNotices
		for _, t := range []struct {
			name string
			n    int
		}{{tabNotices, notices.Total}, {tabResults, results.Total}, {tabAgencies, agencies.Total}, {tabItems, items.Total}} {
			if t.n > 0 {
				tab = t.name
				break
			}
		}
	}
	qs := url.Values{"q": {q}}.Encode()
	for _, t := range []searchTab{
		{TitleID: "nav.announcements", Href: tabNotices, Count: notices.Total, Estimate: notices.TotalIsEstimate},
		{TitleID: "nav.results", Href: tabResults, Count: results.Total, Estimate: results.TotalIsEstimate},
		{TitleID: "nav.agencies", Href: tabAgencies, Count: agencies.Total, Estimate: agencies.TotalIsEstimate},
		{TitleID: "nav.catalogue", Href: tabItems, Count: items.Total},
	} {
		t.Current = t.Href == tab
		t.Href = "/search?" + qs + "&tab=" + t.Href
		body.Tabs = append(body.Tabs, t)
	}
	body.Tab = tab
	switch tab {
	case tabResults:
		resultProjects, err := p.hitProjects(c, resultFilter, results)
		if err != nil {
			return err
		}
		body.Projects, body.Results, body.More = resultProjects, resultRows(resultProjects, p.market), "/results?"+qs
	case tabAgencies:
		agencyRows, err := p.hitAgencies(c, agencies)
		if err != nil {
			return err
		}
		body.Agencies, body.More = agencyRows, "/agencies?"+qs
	case tabItems:
		body.Items, body.More = items.Items, "/catalogue?"+qs
	default:
		noticeRows, err := p.hitProjects(c, noticeFilter, notices)
		if err != nil {
			return err
		}
		body.Tab, body.Projects, body.More = tabNotices, noticeRows, "/projects?"+qs
	}
	if body.Now, err = p.now(c); err != nil {
		return err
	}
	v.Body = body
	return p.render(c, http.StatusOK, "search", v)
}
