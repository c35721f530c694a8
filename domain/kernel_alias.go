package domain

import "marketplace/domain/kernel"

// The shared types live in domain/kernel so that the bounded packages under
// domain/ can use them without importing domain; outside domain/ they are
// named through domain (kernel_alias_shared.go says why).

// Error is kernel.Error: a business-rule failure safe to show the caller.
type Error = kernel.Error

// Error codes (kernel).
const (
	ECONFLICT      = kernel.ECONFLICT
	EINTERNAL      = kernel.EINTERNAL
	EINVALID       = kernel.EINVALID
	ENOTFOUND      = kernel.ENOTFOUND
	EUNAUTHORIZED  = kernel.EUNAUTHORIZED
	EFORBIDDEN     = kernel.EFORBIDDEN
	ETOOMANY       = kernel.ETOOMANY
	EUNPROCESSABLE = kernel.EUNPROCESSABLE
	ETOOLARGE      = kernel.ETOOLARGE
	EMEDIATYPE     = kernel.EMEDIATYPE
	EUNAVAILABLE   = kernel.EUNAVAILABLE
)

// Errorf returns a *Error with the given code and reason.
func Errorf(code, reason, format string, args ...any) *Error {
	return kernel.Errorf(code, reason, format, args...)
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, reason, format string, args ...any) *Error {
	return kernel.FieldError(field, reason, format, args...)
}

// ErrorCode returns the code of err, or EINTERNAL for a non-domain error.
func ErrorCode(err error) string { return kernel.ErrorCode(err) }

// ErrorMessage returns the message of err, or a generic one for a non-domain error.
func ErrorMessage(err error) string { return kernel.ErrorMessage(err) }

// AsError returns err as a *Error when it is one.
func AsError(err error) (*Error, bool) { return kernel.AsError(err) }

// Money is kernel.Money: an amount in fen (分).
type Money = kernel.Money

// MaxMoney is the largest amount accepted.
const MaxMoney = kernel.MaxMoney

// ParseMoney reads a decimal amount in yuan.
func ParseMoney(s string) (Money, error) { return kernel.ParseMoney(s) }

// Page is kernel.Page: a 1-based page request.
type Page = kernel.Page

// Page sizes (kernel).
const (
	DefaultPerPage = kernel.DefaultPerPage
	MaxPerPage     = kernel.MaxPerPage
)

// List is kernel.List: one page of items and the total.
type List[T any] = kernel.List[T]

// NewList returns one page of items (never a nil slice).
func NewList[T any](items []T, total int, p Page) List[T] { return kernel.NewList(items, total, p) }
