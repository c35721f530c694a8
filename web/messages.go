package web

import (
	"fmt"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// Text renders a platform-written text (a sanction reason, a risk summary)
// in the reader's language from its message id and params. english is the
// stored English: what a person typed (no text) or a row written before
// texts were kept.
func (v *page) Text(t *domain.Text, english string) string {
	if t == nil || t.ID == "" {
		return english
	}
	data := map[string]any{}
	for k, val := range t.Params {
		data[k] = val
	}
	for k, ids := range t.Terms {
		words := make([]string, len(ids))
		for i, id := range ids {
			words[i] = v.T(id)
		}
		data[k] = strings.Join(words, v.T("list.separator"))
	}
	s, err := v.loc.Localize(&i18n.LocalizeConfig{MessageID: t.ID, TemplateData: data})
	if err != nil {
		return english
	}
	return s
}

// DetailKey names a risk flag's evidence key (prices, step…).
func (v *page) DetailKey(key string) string { return v.tOr("risk.detail."+key, key) }

// DetailValue shows a risk flag's evidence value; the step kind and the
// shared identity fields are words to translate, lists are joined.
func (v *page) DetailValue(key string, val any) string {
	switch key {
	case "step":
		return v.tOr("risk.step."+fmt.Sprint(val), fmt.Sprint(val))
	case "shared":
		if list, ok := val.([]any); ok {
			words := make([]string, len(list))
			for i, f := range list {
				words[i] = v.tOr(supervision.RiskFieldText(fmt.Sprint(f)), fmt.Sprint(f))
			}
			return strings.Join(words, v.T("list.separator"))
		}
	}
	if list, ok := val.([]any); ok {
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = fmt.Sprint(x)
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(val)
}

// EvidenceAction names a bid evidence action (submit, revise, withdraw).
func (v *page) EvidenceAction(action string) string {
	return v.tOr("evidence.action."+action, action)
}

// Algorithm describes a published draw algorithm in the reader's language;
// the published (English) text stays the one a verifier follows in the API.
func (v *page) Algorithm(published string) string {
	switch published {
	case market.DrawAlgorithm:
		return v.T("algorithm.draw")
	case credit.InspectionAlgorithm:
		return v.T("algorithm.inspection")
	}
	return published
}

// JobName names a scheduled job on the admin pages.
func (v *page) JobName(name string) string { return v.tOr("job."+name, name) }

// tOr translates id, or gives fallback when no message has that id.
func (v *page) tOr(id, fallback string) string {
	if s := v.T(id); s != id {
		return s
	}
	return fallback
}

// errorCodeText explains an error that has no message of its own by its
// code, on pages not in English: the domain's message is English, and a
// general sentence in the reader's language beats a precise one they cannot
// read. English pages keep the domain's precise message.
func (v *page) errorCodeText(e *domain.Error) (string, bool) {
	if v.Lang == "en" {
		return "", false
	}
	s := v.T("error.code." + e.Code)
	return s, s != "error.code."+e.Code
}
