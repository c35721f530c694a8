package kernel

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
	src, ok := englishTexts[t.ID]
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

// englishTexts is the English of every registered message id. Each package
// of domain registers its own catalogue from an init function, so the map is
// complete before any use case runs and is only read afterwards.
var englishTexts = map[string]string{}

// RegisterTexts adds a package's catalogue (message id → English, with
// go-i18n's {{.Name}} placeholders). An id registered twice panics: two
// packages would be speaking for the same message.
func RegisterTexts(texts map[string]string) {
	for id, en := range texts {
		if _, dup := englishTexts[id]; dup {
			panic("kernel: message id registered twice: " + id)
		}
		englishTexts[id] = en
	}
}

// EnglishText returns the English of a message id ("" when unknown).
func EnglishText(id string) string { return englishTexts[id] }

// TextIDs lists every message id the domain can emit, sorted.
func TextIDs() []string {
	ids := make([]string, 0, len(englishTexts))
	for id := range englishTexts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
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
