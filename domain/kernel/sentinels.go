package kernel

// The sentinels every context and the API share: who may act, and what
// the transport refuses.
var (
	ErrUnauthenticated = &Error{Code: EUNAUTHORIZED, Reason: "unauthenticated", Message: "Authentication required."}
	ErrForbidden       = &Error{Code: EFORBIDDEN, Reason: "forbidden", Message: "You are not allowed to do this."}
	ErrBodyTooLarge    = &Error{Code: ETOOLARGE, Reason: "body_too_large", Message: "The request body is too large."}
	ErrJSONRequired    = &Error{Code: EMEDIATYPE, Reason: "json_required", Message: "Send the request body as application/json."}
	ErrUnavailable     = &Error{Code: EUNAVAILABLE, Reason: "service_unavailable", Message: "The service is temporarily unavailable; try again shortly."}
)
