package web

import (
	"context"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain/catalogue"
)

// fillItemPicker loads the catalogue for the profile's multi-select of
// item names: every retained item, and an abolished one only while the
// agency still offers it (so that it can be dropped).
func (p *Portal) fillItemPicker(ctx context.Context, f *profileForm) error {
	items, err := p.catalogueItems(ctx)
	if err != nil {
		return err
	}
	f.Selected = map[string]bool{}
	for _, code := range strings.Fields(f.Items) {
		f.Selected[code] = true
	}
	offered := make([]*catalogue.Item, 0, len(items))
	for _, it := range items {
		if it.Status == catalogue.Retained || f.Selected[it.Code] {
			offered = append(offered, it)
		}
	}
	f.Groups = itemsByDepartment(offered)
	return nil
}

// pickedItems reads the service items of the profile form: the options
// picked in the multi-select (one value each), or codes separated by
// spaces or commas from a client that posts them in one field.
func pickedItems(c echo.Context) []string {
	form, err := c.FormParams()
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, v := range form["service_items"] {
		for _, code := range strings.FieldsFunc(v, func(r rune) bool {
			return r == ' ' || r == ',' || r == '，' || r == '、' || r == '\n' || r == '\r'
		}) {
			if !seen[code] {
				seen[code] = true
				out = append(out, code)
			}
		}
	}
	return out
}
