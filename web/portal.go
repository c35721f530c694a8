package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/market"
	"marketplace/domain/restriction"
)

// Cookies of the web pages.
const (
	langCookie  = "lang"
	elderCookie = "elder"
	csrfField   = api.CSRFFormField
)

// Portal renders the server-side web pages with the same domain services as
// the JSON API (never by calling the API over HTTP). It is mounted on the
// API server's Echo instance (api.Site) and shares its sessions and
// middleware.
type Portal struct {
	// Footer names who runs the platform, on every page.
	Footer        SiteFooter
	market        *domain.Marketplace
	secureCookies bool
	oidcClient    func() *api.OIDCClient
	log           *slog.Logger
	tpl           map[string]*template.Template
	bundle        *i18n.Bundle
	reindex       longTask
}

// New returns the portal over market.
func New(market *domain.Marketplace) (*Portal, error) {
	r, err := parsedRenderers()
	if err != nil {
		return nil, err
	}
	return &Portal{market: market, tpl: r.tpl, bundle: r.bundle}, nil
}

// renderers are the parsed page templates and message catalogues. They are
// read only after parsing (html/template and go-i18n allow concurrent use),
// and their functions read nothing but their arguments.
type renderers struct {
	tpl    map[string]*template.Template
	bundle *i18n.Bundle
}

// parsedRenderers parses the embedded templates and message files once per
// process: every Portal shares them (the test suite builds hundreds of
// portals).
var parsedRenderers = sync.OnceValues(func() (renderers, error) {
	tpl, err := ParsePages(templateFuncs())
	if err != nil {
		return renderers{}, err
	}
	bundle := i18n.NewBundle(language.SimplifiedChinese)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	msgs, err := MessageFiles()
	if err != nil {
		return renderers{}, err
	}
	for name, b := range msgs {
		if _, err := bundle.ParseMessageFileBytes(b, name); err != nil {
			return renderers{}, fmt.Errorf("web: message file %s: %w", name, err)
		}
	}
	return renderers{tpl: tpl, bundle: bundle}, nil
})

// templateFuncs are the functions the page templates call.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"add":  func(a, b int) int { return a + b },
		"sub":  func(a, b int) int { return a - b },
		"yuan": yuan, "yuanp": yuanPtr, "clock": clock, "clockp": clockPtr, "day": day,
		"clocks": clockSeconds, "statusKey": statusKey,
		"genreOf": genre,
		"navKey": func(nav string) string {
			if nav == "projects" {
				return "announcements"
			}
			return nav
		},
		"deref":     func(f *float64) float64 { return *f },
		"mul100":    func(f float64) float64 { return f * 100 },
		"deref64":   func(i *int64) int64 { return *i },
		"grades":    func() []string { return []string{"A", "B", "C", "D"} },
		"itemLabel": itemLabel,
		"eventRef":  func(v *page, e *credit.Event) eventRefView { return eventRefView{Page: v, E: e} },
		"pickerOf": func(v *page, labelID string, pk agencyPicker) pickerView {
			return pickerView{Page: v, LabelID: labelID, P: pk}
		},
		"ratingNames":  func() []string { return ratingFields },
		"ratingValues": func() []string { return []string{"5", "4", "3", "2", "1"} },
		"deref_s":      func(s *string) string { return *s },
		"paragraphs":   paragraphs,
		"lowPriceRows": func(v *page, ls []*market.LowPriceBid) lowPriceRows { return lowPriceRows{Page: v, Items: ls} },
		"lowPriceForms": func(v *page, l *lifePanel) lowPriceFormsView {
			return lowPriceFormsView{Page: v, L: l, Owner: !domain.Can(v.Actor, domain.ActExplainLowPrice)}
		},
		"deref_i": func(i *int) int { return *i },
		"creditRows": func(v *page, c *credit.AgencyCredit, appeal bool) creditRows {
			return creditRows{Page: v, Events: c.Events, Appeal: appeal}
		},
		"sanctionRows": func(v *page, items []*credit.Sanction) sanctionRows {
			return sanctionRows{Page: v, Items: items}
		},
		"facetsOf": func(v *page, gs []facetGroup) facetsView { return facetsView{Page: v, Groups: gs} },
		"listOf": func(v *page, ps []*market.Project, rs []resultRow, now time.Time) listRows {
			return listRows{Page: v, Projects: ps, Results: rs, Now: now}
		},
		"docRowOf": func(v *page, r docRow) docRowView { return docRowView{Page: v, Row: r} },
		"rows": func(v *page, ps []*market.Project, now time.Time) projectRows {
			return projectRows{Page: v, Projects: ps, Now: now}
		},
	}
}

// page is what every template gets; Body is the page's own typed view.
type page struct {
	Lang      string
	Title     string
	Nav       string
	Path      string
	Actor     domain.Actor
	CSRF      string
	ElderMode bool
	// TodoCount is the account's 待办 count, shown on workspace pages.
	TodoCount int
	// Refresh, when set, reloads the page every few seconds (progress of a
	// long action, without JavaScript).
	Refresh      bool
	AssetVersion string
	Footer       SiteFooter
	Body         any
	loc          *i18n.Localizer
}

// T translates a message id; one argument fills {{.Count}}.
func (v *page) T(id string, args ...any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(args) == 1 {
		cfg.TemplateData = map[string]any{"Count": args[0]}
	}
	s, err := v.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// errorText translates a domain error by its reason, falling back to the
// domain's own (English) message.
func (v *page) errorText(err error) string {
	if e, ok := domain.AsError(err); ok {
		// Rule numbers come from domain, never retyped in the translations.
		data := map[string]any{"Phrase": quotedPhrase(e.Message),
			"MinPrice": market.MinBudgetPriceWeight, "MaxTechnical": market.MaxBudgetTechnicalWeight}
		if found, ok := e.Params["restrictions"].([]restriction.Finding); ok {
			data["Phrases"] = v.restrictionPhrases(found)
		}
		for k, val := range e.Params {
			if _, set := data[k]; !set {
				data[k] = val
			}
		}
		if s, lerr := v.loc.Localize(&i18n.LocalizeConfig{MessageID: "error." + e.Reason, TemplateData: data}); lerr == nil {
			return s
		}
		if s, ok := v.errorCodeText(e); ok {
			return s
		}
	}
	return domain.ErrorMessage(err)
}

func (p *Portal) newPage(c echo.Context, nav, titleID string) *page {
	lang := "zh-CN"
	if ck, err := c.Cookie(langCookie); err == nil && ck.Value == "en" {
		lang = "en"
	}
	v := &page{Lang: lang, Nav: nav, Path: c.Request().URL.RequestURI(), Actor: api.ActorOf(c),
		AssetVersion: AssetVersion, Footer: p.Footer, loc: i18n.NewLocalizer(p.bundle, lang)}
	if tok, ok := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string); ok {
		v.CSRF = tok
	}
	if ck, err := c.Cookie(elderCookie); err == nil && ck.Value == "1" {
		v.ElderMode = true
	}
	v.Title = v.T(titleID)
	return v
}

func (p *Portal) render(c echo.Context, status int, name string, v *page) error {
	t, ok := p.tpl[name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// RenderError implements api.Site: an error page in the user's language.
func (p *Portal) RenderError(c echo.Context, status int, err error) error {
	if status == http.StatusUnauthorized && c.Request().Method == http.MethodGet {
		return c.Redirect(http.StatusSeeOther, "/login?back="+url.QueryEscape(c.Request().URL.RequestURI()))
	}
	v := p.newPage(c, "", "error.title")
	switch status {
	case http.StatusNotFound:
		v.Title = v.T("error.not_found")
	case http.StatusServiceUnavailable:
		v.Title = v.T("error.unavailable_title")
	}
	v.Body = v.errorText(err)
	if v.Body == v.Title {
		// The heading already says it; the body tells the user what to do.
		v.Body = v.T("error.not_found_hint")
	}
	return p.render(c, status, "error", v)
}

func (p *Portal) handleLang(c echo.Context) error {
	to := "zh-CN"
	if c.QueryParam("to") == "en" {
		to = "en"
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: to, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	return c.Redirect(http.StatusSeeOther, api.SafeBack(c.QueryParam("back")))
}

func (p *Portal) handleElder(c echo.Context) error {
	val := "1"
	if ck, err := c.Cookie(elderCookie); err == nil && ck.Value == "1" {
		val = "0"
	}
	c.SetCookie(&http.Cookie{Name: elderCookie, Value: val, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	return c.Redirect(http.StatusSeeOther, api.SafeBack(c.QueryParam("back")))
}
