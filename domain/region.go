package domain

import (
	"context"
	"sort"
	"strings"
)

// Regions are stored as the names people write, province first
// (湖北省武汉市), and every filter matches a prefix; the facets offer them
// as a province and, once one is chosen, its cities.

// municipalities are the provinces that are one city: 北京市 is both.
var municipalities = []string{"北京市", "天津市", "上海市", "重庆市"}

// provinceSuffixes end a province's name; the longer ones come first so
// that 自治区 is not cut at 区.
var provinceSuffixes = []string{"特别行政区", "自治区", "省"}

// citySuffixes end a city's name within its province.
var citySuffixes = []string{"自治州", "地区", "市", "州", "盟"}

// SplitRegion cuts a region name into its province and city: 湖北省武汉市
// gives 湖北省 and 武汉市, 北京市海淀区 gives 北京市 and 海淀区. A name with
// no province suffix is a province of its own.
func SplitRegion(region string) (province, city string) {
	region = strings.TrimSpace(region)
	for _, m := range municipalities {
		if strings.HasPrefix(region, m) {
			return m, firstUnit(region[len(m):], []string{"区", "县"})
		}
	}
	for _, suf := range provinceSuffixes {
		if i := strings.Index(region, suf); i > 0 {
			cut := i + len(suf)
			return region[:cut], firstUnit(region[cut:], citySuffixes)
		}
	}
	return region, ""
}

// firstUnit is rest up to the first of suffixes (inclusive), or rest.
func firstUnit(rest string, suffixes []string) string {
	best := -1
	for _, suf := range suffixes {
		if i := strings.Index(rest, suf); i > 0 && (best < 0 || i+len(suf) < best) {
			best = i + len(suf)
		}
	}
	if best < 0 {
		return rest
	}
	return rest[:best]
}

// RegionProvince is one province of a region facet with its cities.
type RegionProvince struct {
	Name   string
	Cities []string
}

// RegionTree groups region names by province, both levels sorted and
// without duplicates.
func RegionTree(regions []string) []RegionProvince {
	cities := map[string]map[string]bool{}
	for _, r := range regions {
		prov, city := SplitRegion(r)
		if prov == "" {
			continue
		}
		if cities[prov] == nil {
			cities[prov] = map[string]bool{}
		}
		if city != "" {
			cities[prov][city] = true
		}
	}
	out := make([]RegionProvince, 0, len(cities))
	for prov, cs := range cities {
		p := RegionProvince{Name: prov}
		for c := range cs {
			p.Cities = append(p.Cities, c)
		}
		sort.Strings(p.Cities)
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Region kinds: whose regions a facet lists.
const (
	RegionsOfProjects = "projects"
	RegionsOfAgencies = "agencies"
)

// Regions is the region facet of the project lists or the directory: the
// provinces and cities that appear there, read in one statement.
func (m *Marketplace) Regions(ctx context.Context, of string) ([]RegionProvince, error) {
	if of != RegionsOfProjects && of != RegionsOfAgencies {
		return nil, FieldError("regions", "regions_of", "regions are of projects or agencies.")
	}
	names, err := m.Store.FindRegions(ctx, of)
	if err != nil {
		return nil, err
	}
	return RegionTree(names), nil
}
