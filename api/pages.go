package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"marketplace/domain"
	"marketplace/web"
)

// Cookies of the web pages.
const (
	langCookie  = "lang"
	elderCookie = "elder"
	csrfField   = "_csrf"
)

// pages renders the server-side web pages with the same domain services as
// the JSON API (never by calling the API over HTTP).
type pages struct {
	s       *Server
	tpl     map[string]*template.Template
	bundle  *i18n.Bundle
	reindex longTask
}

func newPages(s *Server) (*pages, error) {
	tpl, err := web.ParsePages(template.FuncMap{
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
		"deref":        func(f *float64) float64 { return *f },
		"mul100":       func(f float64) float64 { return f * 100 },
		"deref64":      func(i *int64) int64 { return *i },
		"grades":       func() []string { return []string{"A", "B", "C", "D"} },
		"ratingNames":  func() []string { return ratingFields },
		"ratingValues": func() []string { return []string{"5", "4", "3", "2", "1"} },
		"deref_s":      func(s *string) string { return *s },
		"creditRows": func(v *page, c *domain.AgencyCredit, appeal bool) creditRows {
			return creditRows{Page: v, Events: c.Events, Appeal: appeal}
		},
		"sanctionRows": func(v *page, items []*domain.Sanction) sanctionRows {
			return sanctionRows{Page: v, Items: items}
		},
		"facetsOf": func(v *page, gs []facetGroup) facetsView { return facetsView{Page: v, Groups: gs} },
		"listOf": func(v *page, ps []*domain.Project, rs []resultRow, now time.Time) listRows {
			return listRows{Page: v, Projects: ps, Results: rs, Now: now}
		},
		"rows": func(v *page, ps []*domain.Project, now time.Time) projectRows {
			return projectRows{Page: v, Projects: ps, Now: now}
		},
	})
	if err != nil {
		return nil, err
	}
	bundle := i18n.NewBundle(language.SimplifiedChinese)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	msgs, err := web.MessageFiles()
	if err != nil {
		return nil, err
	}
	for name, b := range msgs {
		if _, err := bundle.ParseMessageFileBytes(b, name); err != nil {
			return nil, fmt.Errorf("api: message file %s: %w", name, err)
		}
	}
	return &pages{s: s, tpl: tpl, bundle: bundle}, nil
}

// register mounts the pages. Forms are protected by a CSRF token kept in a
// SameSite=Strict cookie and repeated in a hidden field.
func (p *pages) register(e *echo.Echo, auth echo.MiddlewareFunc) {
	// Asset URLs carry a content hash (web.AssetVersion), so they may be cached for a year.
	e.Group("/static", func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			return next(c)
		}
	}).StaticFS("/", web.Static())
	g := e.Group("", auth, middleware.CSRFWithConfig(p.s.csrfConfig("form:"+csrfField, func(c echo.Context) bool {
		path := c.Request().URL.Path
		return strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/static/") ||
			path == "/healthz" || path == "/readyz" || path == "/metrics"
	})), checkFormText, p.s.idempotent)
	g.GET("/", p.handleHome)
	g.GET("/catalogue", p.handleCatalogue)
	g.GET("/catalogue/:code", p.handleItem)
	g.GET("/login", p.handleLoginForm)
	g.POST("/login", p.handleLogin)
	g.POST("/logout", p.handleLogout)
	g.GET("/register", p.handleRegisterForm)
	g.POST("/register", p.handleRegister)
	g.GET("/lang", p.handleLang)
	g.GET("/elder", p.handleElder)
	p.registerRiskPages(g)
	g.GET("/projects", p.handleProjects)
	g.GET("/projects/:id", p.handleProject)
	g.POST("/projects/:id/bid", p.handleBidSubmit)
	g.POST("/projects/:id/bid/withdraw", p.handleBidWithdraw)
	g.GET("/projects/:id/auction", p.handleAuction)
	g.POST("/projects/:id/auction/bid", p.handleAuctionBidForm)
	g.GET("/results", p.handleResults)
	g.GET("/terminated", p.handleTerminated)
	g.GET("/agencies", p.handleAgencies)
	g.GET("/agencies/:id", p.handleAgency)
	g.GET("/credit", p.handleCredit)
	g.GET("/data", p.handleData)
	g.GET("/search", p.handlePortalSearch)
	p.registerWorkspace(g)
	p.registerCommitmentPages(g)
	p.registerLifecyclePages(g)
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
			"MinPrice": domain.MinBudgetPriceWeight, "MaxTechnical": domain.MaxBudgetTechnicalWeight}
		if found, ok := e.Params["restrictions"].([]domain.RestrictionFinding); ok {
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
	}
	return domain.ErrorMessage(err)
}

func (p *pages) newPage(c echo.Context, nav, titleID string) *page {
	lang := "zh-CN"
	if ck, err := c.Cookie(langCookie); err == nil && ck.Value == "en" {
		lang = "en"
	}
	v := &page{Lang: lang, Nav: nav, Path: c.Request().URL.RequestURI(), Actor: ActorOf(c),
		AssetVersion: web.AssetVersion, loc: i18n.NewLocalizer(p.bundle, lang)}
	if tok, ok := c.Get(middleware.DefaultCSRFConfig.ContextKey).(string); ok {
		v.CSRF = tok
	}
	if ck, err := c.Cookie(elderCookie); err == nil && ck.Value == "1" {
		v.ElderMode = true
	}
	v.Title = v.T(titleID)
	return v
}

func (p *pages) render(c echo.Context, status int, name string, v *page) error {
	t, ok := p.tpl[name]
	if !ok {
		return fmt.Errorf("api: no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return fmt.Errorf("api: render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// renderError shows an error page in the user's language.
func (p *pages) renderError(c echo.Context, status int, err error) error {
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

func (p *pages) handleLang(c echo.Context) error {
	to := "zh-CN"
	if c.QueryParam("to") == "en" {
		to = "en"
	}
	c.SetCookie(&http.Cookie{Name: langCookie, Value: to, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	return c.Redirect(http.StatusSeeOther, safeBack(c.QueryParam("back")))
}

func (p *pages) handleElder(c echo.Context) error {
	val := "1"
	if ck, err := c.Cookie(elderCookie); err == nil && ck.Value == "1" {
		val = "0"
	}
	c.SetCookie(&http.Cookie{Name: elderCookie, Value: val, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
	return c.Redirect(http.StatusSeeOther, safeBack(c.QueryParam("back")))
}
