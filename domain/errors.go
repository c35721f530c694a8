package domain

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

// Sentinels shared by several use cases.
var (
	ErrUnauthenticated   = &Error{Code: EUNAUTHORIZED, Reason: "unauthenticated", Message: "Authentication required."}
	ErrBadCredentials    = &Error{Code: EUNAUTHORIZED, Reason: "bad_credentials", Message: "Wrong e-mail or password."}
	ErrTokenExpired      = &Error{Code: EUNAUTHORIZED, Reason: "token_expired", Message: "The session has expired or was revoked; log in again."}
	ErrForbidden         = &Error{Code: EFORBIDDEN, Reason: "forbidden", Message: "You are not allowed to do this."}
	ErrBodyTooLarge      = &Error{Code: ETOOLARGE, Reason: "body_too_large", Message: "The request body is too large."}
	ErrJSONRequired      = &Error{Code: EMEDIATYPE, Reason: "json_required", Message: "Send the request body as application/json."}
	ErrTooManyAttempts   = &Error{Code: ETOOMANY, Reason: "too_many_login_attempts", Message: "Too many failed login attempts; try again later."}
	ErrAccountNotFound   = &Error{Code: ENOTFOUND, Reason: "account_not_found", Message: "Account not found."}
	ErrItemNotFound      = &Error{Code: ENOTFOUND, Reason: "item_not_found", Message: "Service item not found."}
	ErrDuplicateUSCC     = &Error{Code: ECONFLICT, Reason: "uscc_taken", Field: "uscc", Message: "An account with this unified social credit code already exists."}
	ErrDuplicateEmail    = &Error{Code: ECONFLICT, Reason: "email_taken", Field: "email", Message: "An account with this e-mail already exists."}
	ErrDuplicateItemCode = &Error{Code: ECONFLICT, Reason: "item_code_taken", Field: "code", Message: "A service item with this code already exists."}
	ErrUnavailable       = &Error{Code: EUNAVAILABLE, Reason: "service_unavailable", Message: "The service is temporarily unavailable; try again shortly."}
)
