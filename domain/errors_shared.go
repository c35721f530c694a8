package domain

// Sentinels of accounts and sessions (identity), and of the catalogue.
var (
	ErrItemNotFound      = &Error{Code: ENOTFOUND, Reason: "item_not_found", Message: "Service item not found."}
	ErrDuplicateItemCode = &Error{Code: ECONFLICT, Reason: "item_code_taken", Field: "code", Message: "A service item with this code already exists."}
)
