package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"marketplace/domain/opendata"
)

// checkOCDSReferences checks every organization reference of a release
// (buyer, procuringEntity, tenderers, suppliers, payer, payee) against the
// roles of the party it points to: OCDS readers find an organization's part
// in a process by its roles alone.
func checkOCDSReferences(t *testing.T, rel *opendata.OCDSRelease) {
	t.Helper()
	roles := map[string]map[string]bool{}
	names := map[string]string{}
	for _, p := range rel.Parties {
		roles[p.ID] = map[string]bool{}
		for _, r := range p.Roles {
			roles[p.ID][r] = true
		}
		names[p.ID] = p.Name
	}
	check := func(ref *opendata.OCDSOrgRef, role, where string) {
		t.Helper()
		if ref == nil {
			return
		}
		if _, ok := roles[ref.ID]; !ok {
			t.Errorf("%s: %s points to %s, not in parties", rel.ID, where, ref.ID)
		} else if !roles[ref.ID][role] {
			t.Errorf("%s: %s points to %s (%s), whose roles lack %q", rel.ID, where, ref.ID, names[ref.ID], role)
		}
		if ref.Name != names[ref.ID] {
			t.Errorf("%s: %s names %q, the party %q", rel.ID, where, ref.Name, names[ref.ID])
		}
	}
	check(rel.Buyer, "buyer", "buyer")
	if tn := rel.Tender; tn != nil {
		check(tn.ProcuringEntity, "procuringEntity", "tender.procuringEntity")
		for i := range tn.Tenderers {
			check(&tn.Tenderers[i], "tenderer", "tender.tenderers")
		}
	}
	for _, a := range rel.Awards {
		for i := range a.Suppliers {
			check(&a.Suppliers[i], "supplier", "awards.suppliers")
		}
	}
	for _, c := range rel.Contracts {
		if c.Implementation == nil {
			continue
		}
		for _, tx := range c.Implementation.Transactions {
			check(tx.Payer, "payer", "transactions.payer")
			check(tx.Payee, "payee", "transactions.payee")
		}
	}
}

// ocdsDate returns the raw JSON string at path (keys and array indexes) in
// a release, so that the test sees the date exactly as published.
func ocdsDate(t *testing.T, release json.RawMessage, path ...any) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(release, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				t.Fatalf("no element %d at %v", k, path)
			}
			v = a[k]
		}
	}
	s, _ := v.(string)
	if s == "" {
		t.Fatalf("no date at %v in %s", path, strings.TrimSpace(string(release)))
	}
	return s
}
