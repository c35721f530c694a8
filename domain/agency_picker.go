package domain

import (
	"context"
	"strings"
	"unicode/utf8"
)

// AgencyPickerLimit bounds the candidates a search-as-you-type offers.
const AgencyPickerLimit = 10

// agencyPickerMinRunes is the shortest text worth searching: one Chinese
// character matches half the directory.
const agencyPickerMinRunes = 2

// FindAgencyRefs offers the agencies matching a name or USCC as typed, for
// the forms that must name an agency (violation, avoid list, risk case):
// nobody types an internal id.
func (m *Marketplace) FindAgencyRefs(ctx context.Context, q string) ([]AgencyRef, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < agencyPickerMinRunes {
		return nil, nil
	}
	return m.Store.FindAgencyRefs(ctx, q, AgencyPickerLimit)
}

// ResolveAgency turns what a form's agency field holds (a name or a USCC)
// into one agency. An exact name or USCC wins; otherwise a single partial
// match does. Else it returns the candidates to pick from (none: not
// found) and an EINVALID error on field whose reason the page translates.
func (m *Marketplace) ResolveAgency(ctx context.Context, field, q string) (AgencyRef, []AgencyRef, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return AgencyRef{}, nil, FieldError(field, "agency_required", "Name the agency by its name or USCC.")
	}
	refs, err := m.Store.FindAgencyRefs(ctx, q, AgencyPickerLimit)
	if err != nil {
		return AgencyRef{}, nil, err
	}
	for _, r := range refs {
		if r.Name == q || strings.EqualFold(r.USCC, q) {
			return r, nil, nil
		}
	}
	switch len(refs) {
	case 0:
		return AgencyRef{}, nil, pickerError(field, "agency_unknown", q, "No agency is named %q or has that USCC.")
	case 1:
		return refs[0], nil, nil
	}
	return AgencyRef{}, refs, pickerError(field, "agency_ambiguous", q, "Several agencies match %q: pick one.")
}

// pickerError carries what was typed, for the page's message.
func pickerError(field, reason, q, format string) *Error {
	e := FieldError(field, reason, format, q)
	e.Params = map[string]any{"Query": q}
	return e
}
