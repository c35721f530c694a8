package api

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// Idempotent retries (docs/reliability.md): every unsafe request of an
// account may carry an Idempotency-Key (API clients: the header; web forms:
// the hidden field idemField, one fresh key per rendered form). The request
// then runs in one transaction with its key and its answer, and a repeat
// gets the stored answer instead of acting again (domain.Marketplace.Idempotent).
// Requests without an account are not deduplicated: a key is the
// account's, and nothing anonymous is stored.

const (
	idemHeader = "Idempotency-Key"
	// idemField is the web forms' hidden key field.
	idemField = "_idem"
	// replayedHeader marks an answer replayed from a previous request.
	replayedHeader = "Idempotent-Replayed"
)

func isUnsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// idempotent is the middleware; it runs after authentication.
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		actor := ActorOf(c)
		if !isUnsafe(req.Method) || actor.IsAnonymous() {
			return next(c)
		}
		key, hash, err := idempotencyKey(req)
		if err != nil {
			return err
		}
		if key == "" {
			return next(c)
		}
		rec := &recorder{header: http.Header{}}
		resp, replayed, err := s.Market.Idempotent(req.Context(), domain.IdempotentRequest{AccountID: actor.ID, Key: key, Hash: hash},
			func(ctx context.Context) (*domain.StoredResponse, error) {
				c.SetRequest(req.WithContext(ctx))
				w := c.Response().Writer
				c.Response().Writer = rec
				defer func() { c.Response().Writer = w }() // a panic reaches Recover with the real writer
				if err := next(c); err != nil {
					c.Error(err)
				}
				return rec.stored(), nil
			})
		c.SetRequest(req)
		if err != nil {
			return err
		}
		// The answer goes out only now, after the commit.
		res := c.Response()
		res.Committed, res.Size = false, 0
		for k, v := range rec.header {
			res.Header()[k] = v
		}
		if replayed {
			res.Header().Set(echo.HeaderContentType, resp.ContentType)
			if resp.Location != "" {
				res.Header().Set(echo.HeaderLocation, resp.Location)
			}
			res.Header().Set(replayedHeader, "true")
		}
		res.WriteHeader(resp.Status)
		_, err = res.Write(resp.Body)
		return err
	}
}

// idempotencyKey reads the key and hashes the request it names: method,
// path and query, and the body (for a form already parsed by the CSRF
// check, its fields in a fixed order). The body is restored for the handler.
func idempotencyKey(req *http.Request) (key, hash string, err error) {
	h := sha256.New()
	io.WriteString(h, req.Method+" "+req.URL.RequestURI()+"\n")
	key = req.Header.Get(idemHeader)
	if req.PostForm != nil || req.MultipartForm != nil {
		if key == "" {
			key = req.PostFormValue(idemField)
		}
		writeForm(h, req.PostForm)
		if req.MultipartForm != nil {
			writeForm(h, req.MultipartForm.Value)
			for name, files := range req.MultipartForm.File {
				for _, f := range files {
					io.WriteString(h, name+"="+f.Filename+"\n")
					if r, err := f.Open(); err == nil {
						io.Copy(h, r)
						r.Close()
					}
				}
			}
		}
	} else if key != "" && req.Body != nil {
		// At most what any handler accepts; the handler refuses the rest.
		body, err := io.ReadAll(io.LimitReader(req.Body, maxAttachmentBody+1))
		if err != nil {
			return "", "", err
		}
		req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), req.Body))
		h.Write(body)
	}
	if key == "" {
		return "", "", nil
	}
	if err := domain.ValidIdempotencyKey(key); err != nil {
		return "", "", err
	}
	return key, hex.EncodeToString(h.Sum(nil)), nil
}

func writeForm(w io.Writer, v url.Values) {
	names := make([]string, 0, len(v))
	for k := range v {
		if k != idemField {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		io.WriteString(w, url.QueryEscape(k)+"="+url.QueryEscape(strings.Join(v[k], "\x00"))+"\n")
	}
}

// recorder holds a response until the transaction that produced it commits.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) stored() *domain.StoredResponse {
	status := r.status
	if status == 0 {
		status = http.StatusOK
	}
	return &domain.StoredResponse{Status: status, ContentType: r.header.Get(echo.HeaderContentType),
		Location: r.header.Get(echo.HeaderLocation), Body: r.body.Bytes()}
}

// FormKey is a fresh idempotency key for one rendered form: a double click
// or a browser's resubmission sends the same key and acts once.
func (v *page) FormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
