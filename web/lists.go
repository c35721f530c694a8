package web

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
	"marketplace/domain/search"
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

// methodScanCap bounds the engine hits examined when a text query is
// combined with the selection method, which the search index does not
// hold: beyond it the total is extrapolated and shown as an estimate.
const methodScanCap = 1000

// searchedProjects answers a list page's text query with the search engine
// (the one behind /api/v1/search, with its abbreviations, synonyms and
// ranking), then loads the page's hits with the list's columns, in the
// engine's order.
func (p *Portal) searchedProjects(c echo.Context, f market.ProjectFilter) (*search.Result, []*market.Project, error) {
	res, err := p.searchProjects(c, f)
	if err != nil {
		return nil, nil, err
	}
	out, err := p.hitProjects(c, f, res)
	if err != nil {
		return nil, nil, err
	}
	return res, out, nil
}

// projectSearchInput is the engine's query for the list filter f.
func projectSearchInput(f market.ProjectFilter) search.Input {
	sort := f.Sort
	if sort == "" {
		sort = search.SortRelevance
	}
	return search.Input{Q: f.Query, Type: search.Projects, Item: f.ItemCode, Region: f.Region, Status: f.Status,
		Statuses: f.Statuses, Funding: f.Funding, Sort: sort, Page: f.Page}
}

// searchProjects asks the engine for the projects of f: hits and counts.
func (p *Portal) searchProjects(c echo.Context, f market.ProjectFilter) (*search.Result, error) {
	return p.market.Search(c.Request().Context(), api.ActorOf(c), projectSearchInput(f))
}

// hitProjects reads the projects of the engine's hits, in its order.
func (p *Portal) hitProjects(c echo.Context, f market.ProjectFilter, res *search.Result) ([]*market.Project, error) {
	ctx := c.Request().Context()
	ids := make([]int64, len(res.Items))
	for i, h := range res.Items {
		ids[i] = h.ID
	}
	var err error
	if f.Method != "" || f.CeilingMin != nil || f.CeilingMax != nil {
		if ids, err = p.methodFiltered(c, projectSearchInput(f), f, res); err != nil {
			return nil, err
		}
	}
	rows, err := p.projectsByID(ctx, ids, market.ProjectFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]*market.Project, 0, len(ids))
	for _, id := range ids {
		if pr := rows[id]; pr != nil {
			out = append(out, pr)
		}
	}
	return out, nil
}

// methodFiltered keeps the engine's hits of one selection method and
// ceiling range (f's), in the engine's order, and rewrites res's total and
// page for them. The facet counts are the engine's, which do not know the
// method or the ceiling: they are dropped.
func (p *Portal) methodFiltered(c echo.Context, in search.Input, f market.ProjectFilter, res *search.Result) ([]int64, error) {
	ctx := c.Request().Context()
	var scanned, kept []int64
	in.Page = domain.Page{PerPage: domain.MaxPerPage}
	for in.Page.Page = 1; len(scanned) < min(res.Total, methodScanCap); in.Page.Page++ {
		r, err := p.market.Search(ctx, api.ActorOf(c), in)
		if err != nil {
			return nil, err
		}
		if len(r.Items) == 0 {
			break
		}
		chunk := make([]int64, len(r.Items))
		for i, h := range r.Items {
			chunk[i] = h.ID
		}
		same, err := p.projectsByID(ctx, chunk, f)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			if same[id] != nil {
				kept = append(kept, id)
			}
		}
		scanned = append(scanned, chunk...)
	}
	engineTotal := res.Total
	res.Total, res.Facets = len(kept), nil
	if len(scanned) > 0 && len(scanned) < engineTotal {
		res.Total, res.TotalIsEstimate = len(kept)*engineTotal/len(scanned), true
	}
	from := min((res.Page-1)*res.PerPage, len(kept))
	return kept[from:min(from+res.PerPage, len(kept))], nil
}

// projectsByID loads published projects by id (of f's method and ceiling
// range if set).
func (p *Portal) projectsByID(ctx context.Context, ids []int64, f market.ProjectFilter) (map[int64]*market.Project, error) {
	out := make(map[int64]*market.Project, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	if f.Method == "" && f.CeilingMin == nil && f.CeilingMax == nil {
		return p.market.ProjectsByIDs(ctx, domain.Actor{}, ids)
	}
	l, err := p.market.Projects().List(ctx, domain.Actor{}, market.ProjectFilter{IDs: ids, Method: f.Method, CeilingMin: f.CeilingMin, CeilingMax: f.CeilingMax, Page: domain.Page{Page: 1, PerPage: len(ids)}})
	if err != nil {
		return nil, err
	}
	for _, pr := range l.Items {
		out[pr.ID] = pr
	}
	return out, nil
}

// catalogueItems is the whole catalogue, for filters that offer item
// names from a list, never a code to type.
func (p *Portal) catalogueItems(ctx context.Context) ([]*catalogue.Item, error) {
	var out []*catalogue.Item
	for page := 1; ; page++ {
		l, err := p.market.Catalogue().List(ctx, catalogue.Filter{Page: domain.Page{Page: page, PerPage: domain.MaxPerPage}})
		if err != nil {
			return nil, err
		}
		out = append(out, l.Items...)
		if page*domain.MaxPerPage >= l.Total || len(l.Items) == 0 {
			return out, nil
		}
	}
}

// itemNames maps every catalogue code to its name.
func (p *Portal) itemNames(ctx context.Context) (map[string]string, error) {
	items, err := p.catalogueItems(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(items))
	for _, it := range items {
		names[it.Code] = it.Name
	}
	return names, nil
}

// facetGroups turns the engine's facet counts into links that set (or,
// when already set, clear) one filter of the current list URL.
func (p *Portal) facetGroups(c echo.Context, v *page, facets map[string][]search.FacetCount) ([]facetGroup, error) {
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

// resultRow is one line of the 结果公示 and 终止/流标 lists: the published
// result's winner and amount, and the publicity period it opened. Nothing
// here exists before the result is published (sealed bids stay sealed).
type resultRow struct {
	P      *market.Project
	Agency string
	Price  *domain.Money
	From   *time.Time
	Until  *time.Time
	// Period is the publicity period Until was counted with.
	Period market.Period
}

// resultRows reads each project's published result.
func resultRows(ps []*market.Project, m *domain.Marketplace) []resultRow {
	out := make([]resultRow, len(ps))
	for i, pr := range ps {
		out[i].P = pr
		if len(pr.Result) == 0 || string(pr.Result) == "null" {
			continue
		}
		var r market.Result
		if err := json.Unmarshal(pr.Result, &r); err != nil || r.AgencyName == "" {
			continue
		}
		out[i].Agency, out[i].Price = r.AgencyName, &r.Price
		if !r.PublishedAt.IsZero() {
			until := m.Deadline(m.Periods.Publicity, r.PublishedAt)
			out[i].From, out[i].Until, out[i].Period = &r.PublishedAt, &until, m.Periods.Publicity
		}
	}
	return out
}

// listRows feeds the list partials.
type listRows struct {
	Page     *page
	Projects []*market.Project
	Results  []resultRow
	Now      time.Time
}
