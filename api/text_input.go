package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime/multipart"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/files"
)

// This file is the one place where text from a request is checked against
// domain.ValidText before any handler sees it: the path and query of every
// request (checkRequestText), page form fields (CheckFormText), JSON bodies
// (checkJSONText, from bindJSON) and the API's multipart uploads
// (parseUpload). A NUL reaching PostgreSQL would otherwise be a 500.

// checkRequestText refuses a request whose path or query holds control
// characters or invalid UTF-8 (e.g. /catalogue/items/%00).
func checkRequestText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if err := domain.CheckText("path", r.URL.Path); err != nil {
			return err
		}
		if err := checkValues(r.URL.Query()); err != nil {
			return err
		}
		return next(c)
	}
}

// CheckFormText refuses a page form with a bad field. It runs after the
// CSRF check, which has parsed the form already (multipart included), so
// it parses nothing itself.
func CheckFormText(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if err := checkValues(r.PostForm); err != nil {
			return err
		}
		if r.MultipartForm != nil {
			if err := checkMultipart(r.MultipartForm); err != nil {
				return err
			}
		}
		return next(c)
	}
}

func checkValues(v map[string][]string) error {
	for k, vs := range v {
		if !domain.ValidText(k) {
			return domain.CheckText("field name", k)
		}
		for _, s := range vs {
			if err := domain.CheckText(k, s); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkMultipart(f *multipart.Form) error {
	if err := checkValues(f.Value); err != nil {
		return err
	}
	for k, fhs := range f.File {
		for _, fh := range fhs {
			if err := domain.CheckText(k, fh.Filename); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkJSONText walks a valid JSON body and refuses the first key or
// string value that is not valid text, naming the field it belongs to.
func checkJSONText(body []byte) error {
	type frame struct {
		object, wantKey bool
		key             string
	}
	var stack []*frame
	field := func() string {
		for i := len(stack) - 1; i >= 0; i-- {
			if stack[i].object && stack[i].key != "" {
				return stack[i].key
			}
		}
		return "body"
	}
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // end of body; malformed JSON is the decoder's to report
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].wantKey {
			if key, ok := tok.(string); ok {
				if !domain.ValidText(key) {
					return domain.CheckText("field name", key)
				}
				stack[n-1].key, stack[n-1].wantKey = key, false
				continue
			}
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, &frame{object: true, wantKey: true})
			case '[':
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			if err := domain.CheckText(field(), v); err != nil {
				return err
			}
			valueDone()
		default:
			valueDone()
		}
	}
}

// parseUpload reads an API multipart upload within its route's limit
// (limitBody; MaxUploadBody for an ordinary upload), with at most 1 MB in
// memory (net/http spools the rest to temporary files), and checks its text
// fields and file names.
func parseUpload(c echo.Context) (*multipart.Form, error) {
	req := c.Request()
	// The route's own limit (limitBody), or an ordinary upload's.
	limit, tooLarge := int64(MaxUploadBody), error(files.ErrDocumentTooLarge)
	if b, ok := c.Get(bodyLimitKey).(*limitedBody); ok {
		limit, tooLarge = b.limit, b.tooLarge
	}
	req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
	if err := req.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, tooLarge
		}
		return nil, domain.Errorf(domain.EINVALID, "malformed_multipart", "The multipart form could not be read.")
	}
	if err := checkMultipart(req.MultipartForm); err != nil {
		req.MultipartForm.RemoveAll()
		return nil, err
	}
	return req.MultipartForm, nil
}
