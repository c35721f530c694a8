package agency

import (
	"context"
	"strings"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// PickerLimit bounds the candidates a search-as-you-type offers.
const PickerLimit = 10

// pickerMinRunes is the shortest text worth searching: one Chinese
// character matches half the directory.
const pickerMinRunes = 2

// FindRefs offers the agencies matching a name or USCC as typed, for the
// forms that must name an agency (violation, avoid list, risk case):
// nobody types an internal id.
func (r *Registry) FindRefs(ctx context.Context, q string) ([]Ref, error) {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) < pickerMinRunes {
		return nil, nil
	}
	return r.Store.FindAgencyRefs(ctx, q, PickerLimit)
}

// Resolve turns what a form's agency field holds (a name or a USCC) into
// one agency. An exact name or USCC wins; otherwise a single partial match
// does. Else it returns the candidates to pick from (none: not found) and
// an EINVALID error on field whose reason the page translates.
func (r *Registry) Resolve(ctx context.Context, field, q string) (Ref, []Ref, error) {
	q = strings.TrimSpace(q)
	if q == "" {
		return Ref{}, nil, kernel.FieldError(field, "agency_required", "Name the agency by its name or USCC.")
	}
	refs, err := r.Store.FindAgencyRefs(ctx, q, PickerLimit)
	if err != nil {
		return Ref{}, nil, err
	}
	for _, ref := range refs {
		if ref.Name == q || strings.EqualFold(ref.USCC, q) {
			return ref, nil, nil
		}
	}
	switch len(refs) {
	case 0:
		return Ref{}, nil, pickerError(field, "agency_unknown", q, "No agency is named %q or has that USCC.")
	case 1:
		return refs[0], nil, nil
	}
	return Ref{}, refs, pickerError(field, "agency_ambiguous", q, "Several agencies match %q: pick one.")
}

// pickerError carries what was typed, for the page's message.
func pickerError(field, reason, q, format string) *kernel.Error {
	e := kernel.FieldError(field, reason, format, q)
	e.Params = map[string]any{"Query": q}
	return e
}
