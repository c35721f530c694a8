package api

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// maxRequestBody bounds the body of every request that is not an upload:
// JSON and ordinary form posts.
const maxRequestBody = 1 << 20

// MaxUploadBody bounds the whole multipart request of an upload route: the
// document plus room for the text fields and part headers.
const MaxUploadBody = files.MaxDocumentSize + 64<<10

// MaxAttachmentBody bounds an attachment upload (bid documents): one
// document of files.AttachmentRules.MaxSize plus the same room.
var MaxAttachmentBody = files.AttachmentRules.MaxSize + 64<<10

// Timeouts of the HTTP server. Zero fields take DefaultTimeouts.
type Timeouts struct {
	// ReadHeader bounds the request line and headers (slow-header attacks).
	ReadHeader time.Duration
	// Read bounds the whole request, body included: an upload of
	// MaxUploadBody needs about 1.5 Mbit/s to arrive within the default.
	Read time.Duration
	// Write bounds the response. Event streams extend it before each
	// event (http.ResponseController), so a live auction is not cut.
	Write time.Duration
	// Idle closes kept-alive connections that send nothing.
	Idle time.Duration
}

// DefaultTimeouts are the production timeouts.
func DefaultTimeouts() Timeouts {
	return Timeouts{ReadHeader: 10 * time.Second, Read: 60 * time.Second, Write: 60 * time.Second, Idle: 120 * time.Second}
}

func (s *Server) timeouts() Timeouts {
	t, d := s.Timeouts, DefaultTimeouts()
	for _, f := range []struct{ v, def *time.Duration }{{&t.ReadHeader, &d.ReadHeader}, {&t.Read, &d.Read}, {&t.Write, &d.Write}, {&t.Idle, &d.Idle}} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return t
}

// HTTPServer returns the http.Server that serves Handler with the timeouts.
func (s *Server) HTTPServer() *http.Server {
	t := s.timeouts()
	return &http.Server{Handler: s.Handler(), ReadHeaderTimeout: t.ReadHeader, ReadTimeout: t.Read, WriteTimeout: t.Write, IdleTimeout: t.Idle,
		ErrorLog: slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn)}
}

// uploadLimit is the body limit of an upload route and the error that
// refuses a body over it.
type uploadLimit struct {
	bytes    int64
	tooLarge error
}

// uploadRoute marks a route as an upload: its body may reach MaxUploadBody.
func (s *Server) uploadRoute(r *echo.Route) {
	s.uploadRouteUpTo(r, MaxUploadBody, files.ErrDocumentTooLarge)
}

// uploadRouteUpTo marks a route as an upload whose body may reach limit
// bytes; a larger one is refused with tooLarge.
func (s *Server) uploadRouteUpTo(r *echo.Route, limit int64, tooLarge error) {
	if s.uploads == nil {
		s.uploads = map[string]uploadLimit{}
	}
	s.uploads[r.Method+" "+r.Path] = uploadLimit{limit, tooLarge}
}

const bodyLimitKey = "body_limit"

// limitBody bounds every request body by its route, whatever its content
// type, before anything reads it: a declared length over the limit is
// refused at once; an undeclared (chunked) one is cut where it passes the
// limit. It runs after routing (Echo's Use), so the route is known, and
// before the group middleware (the form CSRF check parses the body).
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		// An upload over its limit is refused as too large a document
		// (400 file_too_large, as the domain's own check says it).
		limit, tooLarge := int64(maxRequestBody), error(domain.ErrBodyTooLarge)
		if u, ok := s.uploads[req.Method+" "+c.Path()]; ok {
			limit, tooLarge = u.bytes, u.tooLarge
		}
		if req.ContentLength > limit {
			// The unread body is not drained: net/http closes the connection.
			return tooLarge
		}
		if req.Body != nil && req.Body != http.NoBody {
			lb := &limitedBody{ReadCloser: http.MaxBytesReader(c.Response(), req.Body, limit), limit: limit, tooLarge: tooLarge}
			req.Body = lb
			c.Set(bodyLimitKey, lb)
		}
		return next(c)
	}
}

// limitedBody remembers that the limit was passed, so that the answer is
// 413 even when the code that read the body turned the error into another
// (a form parser reports a missing field, for instance).
type limitedBody struct {
	io.ReadCloser
	limit    int64
	tooLarge error
	exceeded bool
}

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	var tooBig *http.MaxBytesError
	if err != nil && errors.As(err, &tooBig) {
		b.exceeded = true
	}
	return n, err
}

// BodyTooLarge returns the route's error when the request's body passed
// its limit, else nil.
func BodyTooLarge(c echo.Context) error {
	if b, ok := c.Get(bodyLimitKey).(*limitedBody); ok && b.exceeded {
		return b.tooLarge
	}
	return nil
}

// MaxNoticeUploadBody is the body limit of a notice document upload: the
// largest document with room for the form's other fields.
const MaxNoticeUploadBody = market.MaxNoticeDocumentSize + 64<<10
