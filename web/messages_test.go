package web_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"testing"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/kernel"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
	"marketplace/web"
)

// messages reads one language's message files, all merged.
func messages(t *testing.T, lang string) map[string]string {
	t.Helper()
	files, err := web.MessageFiles()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, b := range files {
		if !regexp.MustCompile(`\.` + regexp.QuoteMeta(lang) + `\.json$`).MatchString(name) {
			continue
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestMessages_EveryDomainTextInBothLanguages: every id the domain can emit
// has a Chinese and an English message; the English page says exactly what
// the API's stable message says; both use the same placeholders.
func TestMessages_EveryDomainTextInBothLanguages(t *testing.T) {
	zh, en := messages(t, "zh-CN"), messages(t, "en")
	ids := domain.TextIDs()
	if len(ids) < 20 {
		t.Fatalf("only %d text ids", len(ids))
	}
	for _, id := range ids {
		z, ok := zh[id]
		if !ok {
			t.Errorf("%s: no Chinese message", id)
			continue
		}
		e, ok := en[id]
		if !ok {
			t.Errorf("%s: no English message", id)
			continue
		}
		if e != kernel.EnglishText(id) {
			t.Errorf("%s: English page %q differs from the API's %q", id, e, kernel.EnglishText(id))
		}
		if pz, pe := placeholders(z), placeholders(e); !slices.Equal(pz, pe) {
			t.Errorf("%s: Chinese placeholders %v, English %v", id, pz, pe)
		}
	}
}

// TestMessages_PublishedAlgorithmsTranslated: the draw and inspection
// algorithms shown on pages have a translation whose English is the
// published text itself.
func TestMessages_PublishedAlgorithmsTranslated(t *testing.T) {
	zh, en := messages(t, "zh-CN"), messages(t, "en")
	for id, published := range map[string]string{"algorithm.draw": market.DrawAlgorithm, "algorithm.inspection": credit.InspectionAlgorithm} {
		if en[id] != published {
			t.Errorf("%s: English %q is not the published algorithm", id, en[id])
		}
		if zh[id] == "" {
			t.Errorf("%s: no Chinese", id)
		}
	}
}

// TestMessages_Words: every word a page looks up by a key the domain or the
// scheduler defines (evidence actions, risk step kinds, identity fields) has
// both languages.
func TestMessages_Words(t *testing.T) {
	zh, en := messages(t, "zh-CN"), messages(t, "en")
	ids := []string{"list.separator", "risk.step.difference", "risk.step.ratio"}
	for _, a := range []string{supervision.EvidenceSubmit, supervision.EvidenceRevise, supervision.EvidenceWithdraw} {
		ids = append(ids, "evidence.action."+a)
	}
	for _, f := range []string{"contact_phone", "email", "legal_representative"} {
		ids = append(ids, supervision.RiskFieldText(f))
	}
	for _, id := range ids {
		if zh[id] == "" || en[id] == "" {
			t.Errorf("%s: zh %q, en %q", id, zh[id], en[id])
		}
	}
}

// TestMessages_NoIDTwice: a message id lives in one file per language, so
// that two files never silently disagree.
func TestMessages_NoIDTwice(t *testing.T) {
	files, err := web.MessageFiles()
	if err != nil {
		t.Fatal(err)
	}
	where := map[string]string{}
	for name, b := range files {
		lang := regexp.MustCompile(`\.([A-Za-z-]+)\.json$`).FindStringSubmatch(name)
		if lang == nil {
			t.Fatalf("%s: no language in the name", name)
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id := range m {
			key := lang[1] + " " + id
			if other, dup := where[key]; dup {
				t.Errorf("%s: in %s and %s", key, other, name)
			}
			where[key] = name
		}
	}
}
