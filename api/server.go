// Package api is the HTTP layer: the JSON API under /api/v1, health
// endpoints, the mounting point of the web pages, and (on a listener of its
// own, see OpsHandler) metrics and profiling. Handlers stay thin: bind,
// call one domain method, render.
package api

import (
	"context"
	_ "embed"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"marketplace/domain"
)

// OpenAPIDocument is api/openapi.yaml, served at /api/v1/openapi.yaml.
//
//go:embed openapi.yaml
var OpenAPIDocument []byte

// Server holds what the handlers need.
type Server struct {
	Market *domain.Marketplace
	Log    *slog.Logger
	Ready  func(ctx context.Context) error
	// Ping reports whether the database answers; during an outage it tells
	// when to stop refusing (Ready is used when it is unset).
	Ping    func(ctx context.Context) error
	Metrics *prometheus.Registry
	Version string
	// SecureCookies marks session cookies Secure (off only for plain-HTTP development).
	SecureCookies bool
	// TrustedProxies are the load balancers and reverse proxies whose
	// X-Forwarded-For / X-Real-IP headers are believed (TRUSTED_PROXIES).
	TrustedProxies []*net.IPNet
	// Timeouts of HTTPServer; zero fields take DefaultTimeouts.
	Timeouts Timeouts

	echo     *echo.Echo
	metrics  *httpMetrics
	pages    *pages
	stopping chan struct{}
	stopOnce sync.Once
	uploads  map[string]bool // "METHOD /route" of the upload routes
	outage   *outage
}

// Handler builds the Echo instance with every route.
func (s *Server) Handler() *echo.Echo {
	if s.echo != nil {
		return s.echo
	}
	if s.Metrics == nil {
		s.Metrics = prometheus.NewRegistry()
	}
	s.metrics = newHTTPMetrics(s.Metrics)
	s.stopping = make(chan struct{})
	probe := s.Ping
	if probe == nil {
		probe = s.Ready
	}
	s.outage = &outage{log: s.Log, probe: probe, stop: s.stopping}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.httpErrorHandler
	e.IPExtractor = clientIPExtractor(s.TrustedProxies)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
		s.Log.Error("panic", "err", err, "uri", c.Request().RequestURI, "stack", string(stack))
		return err
	}}))
	// The request id also rides in the request's context, so that what the
	// domain logs names the request (X-Request-Id) it came from.
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{RequestIDHandler: func(c echo.Context, id string) {
		c.SetRequest(c.Request().WithContext(domain.WithRequestID(c.Request().Context(), id)))
	}}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection: "0", ContentTypeNosniff: "nosniff", XFrameOptions: "DENY",
		ReferrerPolicy: "same-origin", ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
	}))
	e.Use(s.metrics.middleware)
	e.Use(s.limitBody)
	e.Use(checkRequestText)
	auth := s.authenticate

	e.GET("/healthz", s.handleHealth)
	e.GET("/readyz", s.handleReady)

	g := e.Group("/api/v1", s.requireJSON, s.apiCSRF(), auth, s.idempotent)
	g.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", OpenAPIDocument)
	})
	s.registerAuthRoutes(g)
	s.registerCatalogueRoutes(g)
	s.registerAuditRoutes(g)
	s.registerAdminRoutes(g)
	s.registerAgencyRoutes(g)
	s.registerProjectRoutes(g)
	s.registerCreditRoutes(g)
	s.registerCommitmentRoutes(g)
	s.registerSearchRoutes(g)
	s.registerLifecycleRoutes(g)
	s.registerRiskRoutes(g)
	s.registerOpenDataRoutes(g)
	g.Any("/*", func(c echo.Context) error {
		return domain.Errorf(domain.ENOTFOUND, "no_such_endpoint", "No endpoint %s %s.", c.Request().Method, c.Request().URL.Path)
	})
	pg, err := newPages(s)
	if err != nil {
		panic(err) // templates are embedded: a parse error is a build defect
	}
	s.pages = pg
	pg.register(e, auth)
	s.echo = e
	return e
}

// BeginShutdown ends long-lived responses (event streams); ordinary
// requests in flight are left to finish.
func (s *Server) BeginShutdown() {
	s.stopOnce.Do(func() { close(s.stopping) })
}

// isUpload reports a multipart body, which upload handlers read as a form.
func isUpload(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
}

func (s *Server) handleHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "version": s.Version})
}

func (s *Server) handleReady(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if s.Ready != nil {
		if err := s.Ready(ctx); err != nil {
			return c.JSON(http.StatusServiceUnavailable, errorBody{errorDetail{Code: "not_ready", Message: err.Error()}})
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
}

// pageParams reads ?page=&per_page=.
func pageParams(c echo.Context) (domain.Page, error) {
	var p domain.Page
	if err := echo.QueryParamsBinder(c).Int("page", &p.Page).Int("per_page", &p.PerPage).BindError(); err != nil {
		return p, domain.Errorf(domain.EINVALID, "page_format", "page and per_page must be whole numbers.")
	}
	return p, p.Normalize()
}
