package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// statusOf maps domain error codes to HTTP statuses: the one place this is decided.
var statusOf = map[string]int{
	domain.EINVALID:       http.StatusBadRequest,
	domain.EUNAUTHORIZED:  http.StatusUnauthorized,
	domain.EFORBIDDEN:     http.StatusForbidden,
	domain.ENOTFOUND:      http.StatusNotFound,
	domain.ECONFLICT:      http.StatusConflict,
	domain.ETOOMANY:       http.StatusTooManyRequests,
	domain.EUNPROCESSABLE: http.StatusUnprocessableEntity,
	domain.ETOOLARGE:      http.StatusRequestEntityTooLarge,
	domain.EMEDIATYPE:     http.StatusUnsupportedMediaType,
	domain.EINTERNAL:      http.StatusInternalServerError,
	domain.EUNAVAILABLE:   http.StatusServiceUnavailable,
}

// errorBody is the JSON error envelope of SPEC §8.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Params are the values the message speaks of (domain.Error.Params).
	Params map[string]any `json:"params,omitempty"`
}

// httpErrorHandler renders every error the same way. Handlers only return
// errors. Echo's own errors (404 route, 405, 413 body limit) keep their
// status; anything unknown is a 500 with a generic message, logged once.
func (s *Server) httpErrorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	if tooLarge := BodyTooLarge(c); tooLarge != nil {
		// Whatever the reader made of the cut body, the answer is the limit.
		err = tooLarge
	}
	status, body := s.errorResponse(err, c)
	if !strings.HasPrefix(c.Request().URL.Path, "/api/") && s.Site != nil && c.Request().Method != http.MethodHead {
		if status == http.StatusNotFound && domain.ErrorCode(err) == domain.EINTERNAL {
			err = domain.Errorf(domain.ENOTFOUND, "not_found", "Page not found.")
		}
		if status >= 500 && status != http.StatusServiceUnavailable {
			err = errors.New("internal")
		}
		if s.Site.RenderError(c, status, err) == nil {
			return
		}
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(status)
		return
	}
	_ = c.JSON(status, body)
}

func (s *Server) errorResponse(err error, c echo.Context) (int, errorBody) {
	if de, ok := domain.AsError(err); ok {
		if de.Code == domain.EUNAVAILABLE {
			// An outage: one log line for all of it (outage.go), and a
			// hint for clients and proxies to retry.
			s.outage.refuse(err)
			c.Response().Header().Set("Retry-After", retryAfterHeader)
		}
		code := de.Reason
		if code == "" {
			code = de.Code
		}
		return statusOf[de.Code], errorBody{errorDetail{Code: code, Message: de.Message, Field: de.Field, Params: de.Params}}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) && he.Code < 500 {
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		code := strings.ReplaceAll(strings.ToLower(http.StatusText(he.Code)), " ", "_")
		if he.Code == http.StatusRequestEntityTooLarge {
			msg = "The request body is too large."
		}
		return he.Code, errorBody{errorDetail{Code: code, Message: msg}}
	}
	s.Log.Error("internal error", "err", err, "method", c.Request().Method, "uri", c.Request().RequestURI,
		"ip", c.RealIP(), "request_id", c.Response().Header().Get(echo.HeaderXRequestID))
	return http.StatusInternalServerError, errorBody{errorDetail{Code: domain.EINTERNAL, Message: "Internal error."}}
}

// jsonSyntaxError turns a decoding failure into a clear 400.
func jsonSyntaxError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return domain.Errorf(domain.EINVALID, "malformed_json", "The request body is not valid JSON (at byte %d).", syn.Offset)
	case errors.As(err, &typ):
		return &domain.Error{Code: domain.EINVALID, Reason: "wrong_type", Field: typ.Field, Message: "Field \"" + typ.Field + "\" has the wrong type (expected " + typ.Type.String() + ")."}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: f, Message: "Unknown field \"" + f + "\"."}
	}
	if de, ok := domain.AsError(err); ok {
		return de
	}
	return domain.Errorf(domain.EINVALID, "malformed_json", "The request body could not be read as JSON.")
}

// StatusOf is the HTTP status of a domain error code (statusOf), for the
// pages that answer with a status of their own.
func StatusOf(code string) int { return statusOf[code] }
