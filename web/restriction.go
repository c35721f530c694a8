package web

import (
	"strings"

	"marketplace/domain/restriction"
)

// restrictionPhrases renders the findings of a restricted_phrase error as
// 「phrase」（class）、… in the reader's language; the domain sends only
// class ids and the owner's own words.
func (v *page) restrictionPhrases(found []restriction.Finding) string {
	parts := make([]string, len(found))
	for i, f := range found {
		parts[i] = v.TM("restriction.finding", "Phrase", f.Phrase, "Class", v.T("restriction.class."+f.Class))
	}
	return strings.Join(parts, v.T("restriction.separator"))
}
