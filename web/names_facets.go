package web

import (
	"slices"
	"sort"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/catalogue"
)

// regionFacet is the two-level region filter: a province select and, once
// a province is chosen (after submit, no JavaScript needed), a select of
// its cities. The URL keeps the names (?province=湖北省&city=武汉市).
type regionFacet struct {
	Provinces []domain.RegionProvince
	Province  string
	City      string
	// Cities are the chosen province's cities.
	Cities []string
}

// Prefix is the region filter the lists match: the province and city as
// written in a region name (湖北省武汉市 matches 湖北省武汉市洪山区).
func (r regionFacet) Prefix() string { return r.Province + r.City }

// regionFacetOf reads ?province= and ?city= and loads the provinces and
// cities of the list (projects or agencies) in one statement. A city that
// is not in the chosen province is dropped (the province changed). A bare
// ?region= (a search facet link) is split into its two levels.
func (p *Portal) regionFacetOf(c echo.Context, of string) (regionFacet, error) {
	r := regionFacet{Province: c.QueryParam("province"), City: c.QueryParam("city")}
	if r.Province == "" && c.QueryParam("region") != "" {
		r.Province, r.City = domain.SplitRegion(c.QueryParam("region"))
	}
	var err error
	if r.Provinces, err = p.market.Regions(c.Request().Context(), of); err != nil {
		return r, err
	}
	r.City = keepCity(r, r.City)
	r.Cities = r.citiesOf()
	return r, nil
}

// keepCity returns city when it is one of the chosen province's cities.
func keepCity(r regionFacet, city string) string {
	for _, pv := range r.Provinces {
		if pv.Name == r.Province && slices.Contains(pv.Cities, city) {
			return city
		}
	}
	return ""
}

// citiesOf lists the cities of province in the facet.
func (r regionFacet) citiesOf() []string {
	for _, pv := range r.Provinces {
		if pv.Name == r.Province {
			return pv.Cities
		}
	}
	return nil
}

// ceilingFacet is the ceiling-price range filter, in yuan as typed.
type ceilingFacet struct {
	Min, Max string
}

// ceilingRange parses ?ceiling_min= and ?ceiling_max= (yuan). A malformed
// amount is refused with the field named, as any bad filter is.
func ceilingRange(c echo.Context) (ceilingFacet, *domain.Money, *domain.Money, error) {
	cf := ceilingFacet{Min: c.QueryParam("ceiling_min"), Max: c.QueryParam("ceiling_max")}
	lo, err := optionalMoney("ceiling_min", cf.Min)
	if err != nil {
		return cf, nil, nil, err
	}
	hi, err := optionalMoney("ceiling_max", cf.Max)
	return cf, lo, hi, err
}

func optionalMoney(field, s string) (*domain.Money, error) {
	if s == "" {
		return nil, nil
	}
	m, err := domain.ParseMoney(s)
	if err != nil {
		return nil, domain.FieldError(field, "money_format", "%s: %q is not an amount in yuan.", field, s)
	}
	return &m, nil
}

// itemLabel writes a service item as 名称（代码）, the way every page names
// one; an unknown code stands alone.
func itemLabel(name, code string) string {
	if name == "" {
		return code
	}
	return name + "（" + code + "）"
}

// itemNamesOf maps the codes of items to their names.
func itemNamesOf(items []*catalogue.Item) map[string]string {
	out := make(map[string]string, len(items))
	for _, it := range items {
		out[it.Code] = it.Name
	}
	return out
}

// itemGroup is the catalogue items of one approving department, an
// optgroup of the multi-select of item names.
type itemGroup struct {
	Name  string
	Items []*catalogue.Item
}

// itemsByDepartment groups the catalogue by department, in name order.
func itemsByDepartment(items []*catalogue.Item) []itemGroup {
	sorted := slices.Clone(items)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Department < sorted[j].Department })
	var out []itemGroup
	for _, it := range sorted {
		if n := len(out); n == 0 || out[n-1].Name != it.Department {
			out = append(out, itemGroup{Name: it.Department})
		}
		out[len(out)-1].Items = append(out[len(out)-1].Items, it)
	}
	return out
}
