package market

import (
	"fmt"
	"strings"

	"marketplace/domain/kernel"
	"marketplace/domain/restriction"
)

// ErrRestrictedPhrase is the reason of the error CheckRestrictions returns.
const ErrRestrictedPhrase = "restricted_phrase"

// CheckRestrictions refuses text holding a threshold the owner may not set;
// the rules that find them are in domain/restriction. The error names
// every offending phrase; Params["restrictions"] holds them with their
// classes ([]restriction.Finding) so that a page can say it in the reader's
// language.
func CheckRestrictions(field, text string) error {
	found := restriction.Find(text)
	if len(found) == 0 {
		return nil
	}
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = fmt.Sprintf("%q (%s)", f.Phrase, restriction.Label(f.Class))
	}
	e := kernel.FieldError(field, ErrRestrictedPhrase,
		"The %s contains restrictions: %s. Owners may not add thresholds beyond the item's statutory qualification: eligibility to bid is computed by the platform alone.",
		field, strings.Join(parts, ", "))
	e.Params = map[string]any{"restrictions": found}
	return e
}
