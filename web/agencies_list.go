package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
	"marketplace/domain/search"
)

// agencyListView is the public directory (中介机构).
type agencyListView struct {
	Agencies  []*agency.Summary
	Total     int
	Estimate  bool
	Query     string
	Item      string
	Qualified string
	Region    string
	Grade     string
	Sort      string
	Pager     pager
	Items     []*catalogue.Item
	Facets    []facetGroup
	Searched  bool
	// Regions is the province → city facet; ItemNames labels the codes.
	Regions   regionFacet
	ItemNames map[string]string
}

func (p *Portal) handleAgencies(c echo.Context) error {
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	regions, err := p.regionFacetOf(c, domain.RegionsOfAgencies)
	if err != nil {
		return err
	}
	f := agency.Filter{Item: c.QueryParam("item"), Region: regions.Prefix(), Grade: c.QueryParam("grade"), Sort: c.QueryParam("sort"),
		Qualified: c.QueryParam("qualified"), Page: pg}
	v := p.newPage(c, "agencies", "nav.agencies")
	body := agencyListView{Query: c.QueryParam("q"), Item: f.Item, Qualified: f.Qualified, Region: f.Region, Grade: f.Grade, Sort: f.Sort, Regions: regions}
	if body.Items, err = p.catalogueItems(ctx); err != nil {
		return err
	}
	body.ItemNames = itemNamesOf(body.Items)
	if body.Query != "" {
		// a text query goes to the search engine (partial names,
		// abbreviations, items offered), ranked by relevance; the
		// qualification filter is the directory's own and is not offered
		// with a text
		res, rows, err := p.searchedAgencies(c, search.Input{Q: body.Query, Type: search.Agencies, Item: f.Item,
			Region: f.Region, Grade: f.Grade, Page: pg})
		if err != nil {
			return err
		}
		body.Agencies = rows
		if body.Facets, err = p.facetGroups(c, v, res.Facets); err != nil {
			return err
		}
		body.Total, body.Estimate, body.Searched, body.Qualified = res.Total, res.TotalIsEstimate, true, ""
		body.Pager = listPager(c, res.Total, res.Page, res.PerPage)
	} else {
		list, err := p.market.Agencies().ListAgencies(ctx, f)
		if err != nil {
			return err
		}
		body.Agencies, body.Total, body.Pager = list.Items, list.Total, listPager(c, list.Total, list.Page, list.PerPage)
	}
	v.Body = body
	return p.render(c, http.StatusOK, "agencies", v)
}

// searchedAgencies runs an agency search and loads the page's hits with
// the directory's columns, in the engine's order.
func (p *Portal) searchedAgencies(c echo.Context, in search.Input) (*search.Result, []*agency.Summary, error) {
	res, err := p.market.Search(c.Request().Context(), api.ActorOf(c), in)
	if err != nil {
		return nil, nil, err
	}
	out, err := p.hitAgencies(c, res)
	if err != nil {
		return nil, nil, err
	}
	return res, out, nil
}

// hitAgencies reads the agencies of the engine's hits, in its order.
func (p *Portal) hitAgencies(c echo.Context, res *search.Result) ([]*agency.Summary, error) {
	ctx := c.Request().Context()
	ids := make([]int64, len(res.Items))
	for i, h := range res.Items {
		ids[i] = h.ID
	}
	rows, err := p.market.Agencies().ListAgencies(ctx, agency.Filter{IDs: ids, Page: domain.Page{Page: 1, PerPage: max(len(ids), 1)}})
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*agency.Summary, len(rows.Items))
	for _, a := range rows.Items {
		byID[a.ID] = a
	}
	out := make([]*agency.Summary, 0, len(ids))
	for _, id := range ids {
		if a := byID[id]; a != nil {
			out = append(out, a)
		}
	}
	return out, nil
}
