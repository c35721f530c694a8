package domain

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"text/template"
)

// Text is a message the platform writes for people to read (a sanction
// reason, a risk flag's summary): a message id and its parameters, so that a
// page renders it in the reader's language. The API keeps the English
// rendering as its stable message, beside this code and these params.
//
// Terms names parameters whose values are themselves message ids (a list of
// field names, a kind): a page translates each and joins them.
type Text struct {
	ID     string              `json:"code"`
	Params map[string]any      `json:"params,omitempty"`
	Terms  map[string][]string `json:"terms,omitempty"`
}

// T builds a Text from an id and parameters given as pairs ("Days", 3, …).
func T(id string, kv ...any) Text {
	t := Text{ID: id}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			if t.Params == nil {
				t.Params = map[string]any{}
			}
			t.Params[k] = kv[i+1]
		}
	}
	return t
}

// WithTerms names a parameter whose value is a list of message ids.
func (t Text) WithTerms(param string, ids ...string) Text {
	if t.Terms == nil {
		t.Terms = map[string][]string{}
	}
	t.Terms[param] = ids
	return t
}

// English renders the text from the English catalogue (the one source of
// the API's stable message). An unknown id renders as the id itself, which a
// test forbids for every id the domain emits.
func (t Text) English() string {
	src, ok := EnglishTexts[t.ID]
	if !ok {
		return t.ID
	}
	data := map[string]any{}
	for k, v := range t.Params {
		data[k] = v
	}
	for k, ids := range t.Terms {
		words := make([]string, len(ids))
		for i, id := range ids {
			words[i] = T(id).English()
		}
		data[k] = strings.Join(words, ", ")
	}
	tpl, err := template.New(t.ID).Option("missingkey=zero").Parse(src)
	if err != nil {
		return t.ID
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return t.ID
	}
	return b.String()
}

// TextIDs lists every message id the domain can emit, sorted.
func TextIDs() []string {
	ids := make([]string, 0, len(EnglishTexts))
	for id := range EnglishTexts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// textPercent formats a share as a whole percentage for a message param.
func textPercent(f float64) string { return fmt.Sprintf("%.0f", f*100) }

// SetReason records a platform-written reason: the English for the API and
// the record, the id and params for pages.
func (ev *CreditEvent) SetReason(t Text) {
	ev.Reason, ev.ReasonText = t.English(), &t
}

// Scan reads a Text stored as JSON (a jsonb column).
func (t *Text) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = Text{}
		return nil
	case []byte:
		return json.Unmarshal(v, t)
	case string:
		return json.Unmarshal([]byte(v), t)
	}
	return fmt.Errorf("domain: cannot read a text from %T", src)
}

// Value stores a Text as JSON.
func (t Text) Value() (driver.Value, error) {
	b, err := json.Marshal(t)
	return string(b), err
}

// setReason records why the chain does not verify, in English and as a text.
func (v *AuditVerification) setReason(t Text) {
	v.Reason, v.ReasonText = t.English(), &t
}
