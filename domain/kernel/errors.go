// Package kernel holds the types every bounded package of the domain shares
// and that depend on nothing of ours: the coded error a client sees, money
// in fen, and the page of a list. Package domain re-exports each name
// (domain/kernel_alias.go), so callers outside domain/ keep writing
// domain.Error, domain.Money and domain.Page.
package kernel

import (
	"errors"
	"fmt"
)

// Error codes. The api package maps each to one HTTP status; anything that is
// not a *Error reads as EINTERNAL so that no internal detail leaks to a client.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ETOOMANY      = "too_many_requests"
	// EUNPROCESSABLE: well-formed, but refused as a whole (a reused
	// idempotency key).
	EUNPROCESSABLE = "unprocessable"
	// ETOOLARGE and EMEDIATYPE refuse a request by its shape before any
	// rule runs: a body over the size limit, or one in a format the
	// endpoint does not read.
	ETOOLARGE  = "too_large"
	EMEDIATYPE = "unsupported_media_type"
	// EUNAVAILABLE is an outage, not a fault of the request: the database
	// cannot be reached. The same request may succeed when retried.
	EUNAVAILABLE = "service_unavailable"
)

// Error is a business-rule failure that is safe to show to the caller.
// Reason is a finer, stable machine-readable code (e.g. "uscc_check_digit");
// Field names the input field at fault when there is one. Params, when set,
// are the values the message speaks of (e.g. the restriction phrases), so
// that a client or a page can say it in the reader's language.
type Error struct {
	Code    string
	Reason  string
	Field   string
	Message string
	Params  map[string]any
}

func (e *Error) Error() string {
	return fmt.Sprintf("domain error: code=%s reason=%s message=%s", e.Code, e.Reason, e.Message)
}

// Is lets errors.Is match sentinels by code and reason, so a copy with a
// different message (for example one naming a field) still matches.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok {
		return false
	}
	return e.Code == t.Code && e.Reason == t.Reason
}

// WithMax gives e the limit it speaks of, as the parameter Max the pages'
// translations print, and returns e.
func (e *Error) WithMax(max int) *Error {
	e.Params = map[string]any{"Max": max}
	return e
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, reason, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Reason: reason, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, or EINTERNAL for a non-domain error.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err, or a generic one for a non-domain error.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// AsError returns err as a *Error when it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
