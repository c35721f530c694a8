package web

import (
	"marketplace/api"
	"marketplace/domain"
)

// refused tells a use case's refusal of a form's input, which the page shows
// on the form again at the refusal's status, from a failure the error pages
// answer instead: the anonymous (log in), the forbidden, and anything that is
// not a domain error at all.
func refused(err error) (de *domain.Error, status int, ok bool) {
	de, ok = domain.AsError(err)
	if !ok || de.Code == domain.EUNAUTHORIZED || de.Code == domain.EFORBIDDEN {
		return nil, 0, false
	}
	return de, api.StatusOf(de.Code), true
}

// fieldOr is the form field a refusal names, or fallback when it names none
// (a rule about the whole form) or one the form shows under another name.
func fieldOr(de *domain.Error, fallback string, shownAsFallback ...string) string {
	if de.Field == "" {
		return fallback
	}
	for _, f := range shownAsFallback {
		if de.Field == f {
			return fallback
		}
	}
	return de.Field
}
