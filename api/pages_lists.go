package api

import (
	"context"
	"net/url"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// facetLink is one value of a list facet: a name to click, with its count.
type facetLink struct {
	Label   string
	Href    string
	Count   int
	Current bool
}

// facetGroup is one facet (item, region, status, funding, grade) of a list.
type facetGroup struct {
	TitleID string
	Links   []facetLink
}

// facetsView feeds the facets partial.
type facetsView struct {
	Page   *page
	Groups []facetGroup
}

// searchFacetTitles orders the engine's facets on the page and names them.
var searchFacetTitles = []struct{ key, titleID string }{
	{"item", "project.item"}, {"region", "project.region"}, {"status", "project.status"},
	{"funding", "project.funding"}, {"grade", "credit.grade"},
}

// searchedProjects answers a list page's text query with the search engine
// (the one behind /api/v1/search, with its abbreviations, synonyms and
// ranking), then loads the page's hits with the list's columns, in the
// engine's order.
func (p *pages) searchedProjects(c echo.Context, f domain.ProjectFilter) (*domain.SearchResult, []*domain.Project, error) {
	ctx := c.Request().Context()
	sort := f.Sort
	if sort == "" {
		sort = domain.SortRelevance
	}
	res, err := p.s.Market.Search(ctx, ActorOf(c), domain.SearchInput{Q: f.Query, Type: domain.SearchProjects, Item: f.ItemCode,
		Region: f.Region, Status: f.Status, Statuses: f.Statuses, Funding: f.Funding, Sort: sort, Page: f.Page})
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(res.Items))
	for i, h := range res.Items {
		ids[i] = h.ID
	}
	rows, err := p.s.Market.ListProjects(ctx, domain.Actor{}, domain.ProjectFilter{IDs: ids, Page: domain.Page{Page: 1, PerPage: max(len(ids), 1)}})
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]*domain.Project, len(rows.Items))
	for _, pr := range rows.Items {
		byID[pr.ID] = pr
	}
	out := make([]*domain.Project, 0, len(ids))
	for _, id := range ids {
		if pr := byID[id]; pr != nil {
			out = append(out, pr)
		}
	}
	return res, out, nil
}

// itemNames maps every catalogue code to its name, for facets that must
// offer names, never codes.
func (p *pages) itemNames(ctx context.Context) (map[string]string, error) {
	names := map[string]string{}
	for page := 1; ; page++ {
		l, err := p.s.Market.ListItems(ctx, domain.ItemFilter{Page: domain.Page{Page: page, PerPage: domain.MaxPerPage}})
		if err != nil {
			return nil, err
		}
		for _, it := range l.Items {
			names[it.Code] = it.Name
		}
		if page*domain.MaxPerPage >= l.Total || len(l.Items) == 0 {
			return names, nil
		}
	}
}

// facetGroups turns the engine's facet counts into links that set (or,
// when already set, clear) one filter of the current list URL.
func (p *pages) facetGroups(c echo.Context, v *page, facets map[string][]domain.FacetCount) ([]facetGroup, error) {
	names, err := p.itemNames(c.Request().Context())
	if err != nil {
		return nil, err
	}
	var out []facetGroup
	for _, ft := range searchFacetTitles {
		counts := facets[ft.key]
		if len(counts) == 0 {
			continue
		}
		g := facetGroup{TitleID: ft.titleID}
		for _, fc := range counts {
			if fc.Value == "" {
				continue
			}
			q := url.Values{}
			for k, vs := range c.Request().URL.Query() {
				q[k] = vs
			}
			q.Del("page")
			cur := q.Get(ft.key) == fc.Value
			if cur {
				q.Del(ft.key)
			} else {
				q.Set(ft.key, fc.Value)
			}
			label := fc.Value
			switch ft.key {
			case "item":
				if n := names[fc.Value]; n != "" {
					label = n
				}
			case "status":
				label = v.T("status." + fc.Value)
			case "funding":
				label = v.T("funding." + fc.Value)
			case "grade":
				label = v.T("grade." + fc.Value)
			}
			g.Links = append(g.Links, facetLink{Label: label, Href: c.Request().URL.Path + "?" + q.Encode(), Count: fc.Count, Current: cur})
		}
		out = append(out, g)
	}
	return out, nil
}
