package api

import (
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"marketplace/domain"
)

// csrfCookie holds the double-submit CSRF token of pages and API alike.
const csrfCookie = "_csrf"

var errCSRF = domain.Errorf(domain.EFORBIDDEN, "csrf", "The form has expired; reload the page and try again.")

// csrfConfig is the CSRF check of pages (token in a form field) and of the
// API (token in the X-CSRF-Token header): one cookie, kept SameSite=Strict.
// Browsers that send Sec-Fetch-Site are judged by it (same-origin passes,
// cross-site is refused) before the token is looked at.
func (s *Server) csrfConfig(lookup string, skip middleware.Skipper) middleware.CSRFConfig {
	return middleware.CSRFConfig{
		TokenLookup: lookup, CookieName: csrfCookie, CookiePath: "/", CookieHTTPOnly: true,
		CookieSameSite: http.SameSiteStrictMode, CookieSecure: s.SecureCookies, Skipper: skip,
		ErrorHandler: func(error, echo.Context) error { return errCSRF },
		// cross-site is refused with the same coded error; same-site falls
		// back to the token.
		AllowSecFetchSiteFunc: func(c echo.Context) (bool, error) {
			if c.Request().Header.Get(echo.HeaderSecFetchSite) == "cross-site" {
				return false, errCSRF
			}
			return false, nil
		},
	}
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}

// requireJSON refuses an unsafe API request whose body is not JSON (415):
// a cross-site HTML form can send only urlencoded, multipart or text/plain
// bodies, so it never reaches a handler. A request without a body needs no
// content type; upload routes also take multipart/form-data.
func (s *Server) requireJSON(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if safeMethod(req.Method) {
			return next(c)
		}
		ct := req.Header.Get(echo.HeaderContentType)
		if ct == "" && req.ContentLength == 0 {
			return next(c)
		}
		mt, _, err := mime.ParseMediaType(ct)
		switch {
		case err == nil && mt == echo.MIMEApplicationJSON:
		case err == nil && mt == echo.MIMEMultipartForm && s.isUploadRoute(req.Method, c.Path()):
		default:
			return domain.ErrJSONRequired
		}
		return next(c)
	}
}

// apiCSRF asks for the CSRF token when the session cookie is the only
// credential of an unsafe request: the browser adds that cookie to any
// request, a bearer header only the client's own code can set.
func (s *Server) apiCSRF() echo.MiddlewareFunc {
	return middleware.CSRFWithConfig(s.csrfConfig("header:"+echo.HeaderXCSRFToken, func(c echo.Context) bool {
		if safeMethod(c.Request().Method) {
			return true
		}
		_, fromCookie := bearerToken(c)
		return !fromCookie
	}))
}
