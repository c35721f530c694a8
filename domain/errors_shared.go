package domain

import "marketplace/domain/identity"

// Sentinels of accounts and sessions (identity), and of the catalogue.
var (
	ErrBadCredentials    = identity.ErrBadCredentials
	ErrTokenExpired      = identity.ErrTokenExpired
	ErrTooManyAttempts   = identity.ErrTooManyAttempts
	ErrAccountNotFound   = identity.ErrAccountNotFound
	ErrDuplicateUSCC     = identity.ErrDuplicateUSCC
	ErrDuplicateEmail    = identity.ErrDuplicateEmail
	ErrItemNotFound      = &Error{Code: ENOTFOUND, Reason: "item_not_found", Message: "Service item not found."}
	ErrDuplicateItemCode = &Error{Code: ECONFLICT, Reason: "item_code_taken", Field: "code", Message: "A service item with this code already exists."}
)
