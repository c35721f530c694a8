package api

import (
	"log/slog"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// CSRFFormField is the hidden form field that repeats the CSRF token.
const CSRFFormField = "_csrf"

// Site is the server-rendered portal (package web). It is mounted on the
// API server's Echo instance, so that pages and API share sessions, limits,
// CSRF protection, idempotency and the outage answer; the API's error
// handler asks it to render errors of page routes.
type Site interface {
	Mount(e *echo.Echo, h SiteHooks)
	RenderError(c echo.Context, status int, err error) error
}

// SiteHooks are the API server's middleware and settings the pages use.
type SiteHooks struct {
	Auth, FormCSRF, FormText, ReadConsistency, Idempotent echo.MiddlewareFunc
	// Upload lets a route take a document-sized body (limits.go).
	Upload func(*echo.Route)
	// UploadUpTo lets a route take a body of up to limit bytes, refusing a
	// larger one with tooLarge.
	UploadUpTo    func(r *echo.Route, limit int64, tooLarge error)
	SecureCookies bool
	// OIDC returns the single sign-on client, nil while it is off (read
	// at each request: the server's client may be set after mounting).
	OIDC func() *OIDCClient
	Log  *slog.Logger
}

func (s *Server) siteHooks(auth echo.MiddlewareFunc) SiteHooks {
	formCSRF := middleware.CSRFWithConfig(s.csrfConfig("form:"+CSRFFormField, func(c echo.Context) bool {
		path := c.Request().URL.Path
		return strings.HasPrefix(path, "/api/") || strings.HasPrefix(path, "/static/") ||
			path == "/healthz" || path == "/readyz" || path == "/metrics"
	}))
	return SiteHooks{Auth: auth, FormCSRF: formCSRF, FormText: CheckFormText, ReadConsistency: s.readConsistency,
		Idempotent: s.idempotent, Upload: s.uploadRoute, UploadUpTo: s.uploadRouteUpTo, SecureCookies: s.SecureCookies, OIDC: func() *OIDCClient { return s.OIDC }, Log: s.Log}
}
