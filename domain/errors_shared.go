package domain

// Sentinels of accounts, sessions and the catalogue.
var (
	ErrBadCredentials    = &Error{Code: EUNAUTHORIZED, Reason: "bad_credentials", Message: "Wrong e-mail or password."}
	ErrTokenExpired      = &Error{Code: EUNAUTHORIZED, Reason: "token_expired", Message: "The session has expired or was revoked; log in again."}
	ErrTooManyAttempts   = &Error{Code: ETOOMANY, Reason: "too_many_login_attempts", Message: "Too many failed login attempts; try again later."}
	ErrAccountNotFound   = &Error{Code: ENOTFOUND, Reason: "account_not_found", Message: "Account not found."}
	ErrItemNotFound      = &Error{Code: ENOTFOUND, Reason: "item_not_found", Message: "Service item not found."}
	ErrDuplicateUSCC     = &Error{Code: ECONFLICT, Reason: "uscc_taken", Field: "uscc", Message: "An account with this unified social credit code already exists."}
	ErrDuplicateEmail    = &Error{Code: ECONFLICT, Reason: "email_taken", Field: "email", Message: "An account with this e-mail already exists."}
	ErrDuplicateItemCode = &Error{Code: ECONFLICT, Reason: "item_code_taken", Field: "code", Message: "A service item with this code already exists."}
)
