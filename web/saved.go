package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/search"
)

// savedSearchPath is the workspace page of saved searches (订阅).
const savedSearchPath = "/workspace/saved-searches"

// Every role may save searches, so every role's menu links the page.
func init() {
	for role := range roleMenus {
		roleMenus[role] = append(roleMenus[role], [2]string{savedSearchPath, "saved.menu"})
	}
}

// savedSearchForm is the page: the account's searches and the form, which
// 「保存为订阅」 on /projects and /search pre-fills from their query.
type savedSearchForm struct {
	Items                          []*search.Saved
	Limit                          int
	Name, Q, Item, Region, Funding string
	CeilingMin, CeilingMax, Freq   string
	Errors                         map[string]string
	Saved                          *search.Saved
	Deleted                        bool
	FeedBase                       string
}

// handleSavedSearches shows the list and a form; ?from=/projects?q=… (the
// page the user came from) pre-fills the form with that page's filters.
func (p *Portal) handleSavedSearches(c echo.Context) error {
	v, err := p.wsPage(c, "saved.title", domain.ActSaveSearch)
	if err != nil {
		return err
	}
	f := savedSearchForm{Freq: search.Immediate, Errors: map[string]string{}}
	if from, err := url.Parse(c.QueryParam("from")); err == nil {
		q := from.Query()
		f.Q, f.Item, f.Region, f.Funding = q.Get("q"), q.Get("item"), q.Get("region"), q.Get("funding")
	}
	return p.savedSearchPage(c, v, http.StatusOK, f)
}

// handleSavedSearchCreate saves the form's search; a refused field is
// shown beside it with what was typed kept.
func (p *Portal) handleSavedSearchCreate(c echo.Context) error {
	v, err := p.wsPage(c, "saved.title", domain.ActSaveSearch)
	if err != nil {
		return err
	}
	f := savedSearchForm{Name: c.FormValue("name"), Q: c.FormValue("q"), Item: c.FormValue("item"), Region: c.FormValue("region"),
		Funding: c.FormValue("funding"), CeilingMin: c.FormValue("ceiling_min"), CeilingMax: c.FormValue("ceiling_max"),
		Freq: c.FormValue("frequency"), Errors: map[string]string{}}
	in := search.SavedInput{Name: f.Name, Q: f.Q, Region: f.Region, Funding: f.Funding, Frequency: f.Freq}
	if it := strings.TrimSpace(f.Item); it != "" {
		in.Items = strings.FieldsFunc(it, func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
	}
	for field, dst := range map[string]**domain.Money{"ceiling_min": &in.CeilingMin, "ceiling_max": &in.CeilingMax} {
		raw := strings.TrimSpace(c.FormValue(field))
		if raw == "" {
			continue
		}
		m, err := domain.ParseMoney(raw)
		if err != nil {
			f.Errors[field] = v.errorText(err)
			continue
		}
		*dst = &m
	}
	if len(f.Errors) > 0 {
		return p.savedSearchPage(c, v, http.StatusBadRequest, f)
	}
	s, err := p.market.Searches().CreateSaved(c.Request().Context(), api.ActorOf(c), in)
	if err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		field := fieldOr(de, "q")
		f.Errors[field] = v.errorText(err)
		return p.savedSearchPage(c, v, status, f)
	}
	return p.savedSearchPage(c, v, http.StatusOK, savedSearchForm{Freq: search.Immediate, Saved: s, Errors: map[string]string{}})
}

// handleSavedSearchDelete deletes one of the account's searches.
func (p *Portal) handleSavedSearchDelete(c echo.Context) error {
	v, err := p.wsPage(c, "saved.title", domain.ActSaveSearch)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.Errorf(domain.ENOTFOUND, "saved_search_not_found", "No saved search %q.", c.Param("id"))
	}
	if err := p.market.Searches().DeleteSaved(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return p.savedSearchPage(c, v, http.StatusOK, savedSearchForm{Freq: search.Immediate, Deleted: true, Errors: map[string]string{}})
}

func (p *Portal) savedSearchPage(c echo.Context, v *page, status int, f savedSearchForm) error {
	list, err := p.market.Searches().ListSaved(c.Request().Context(), api.ActorOf(c))
	if err != nil {
		return err
	}
	f.Items, f.Limit = list, search.MaxSavedPerAccount
	f.FeedBase = c.Scheme() + "://" + c.Request().Host
	return p.renderWS(c, status, "ws_saved_searches", v, f)
}
