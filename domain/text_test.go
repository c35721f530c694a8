package domain_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

// TestText_SanctionReasonsAreMessageIDs: every sanction the exit rules can
// impose carries a message id the catalogue knows, and its English (the
// API's message) is rendered from that id, with no Chinese in it.
func TestText_SanctionReasonsAreMessageIDs(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	ids := domain.TextIDs()
	for _, k := range credit.Kinds {
		if k.Points >= 0 && k.Min >= 0 {
			continue
		}
		st := &credit.Standing{Status: domain.StatusActive, Grade: "D"}
		act := credit.ExitRule(st, &credit.Event{Kind: k.Kind, Points: k.Min}, credit.ViolationsForSuspension, now)
		if act == nil {
			t.Errorf("%s: no sanction in grade D", k.Kind)
			continue
		}
		if !slices.Contains(ids, act.Reason.ID) {
			t.Errorf("%s: reason id %q not in the catalogue", k.Kind, act.Reason.ID)
		}
		en := act.Reason.English()
		if en == act.Reason.ID || strings.Contains(en, "{{") || strings.ContainsFunc(en, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
			t.Errorf("%s: English reason %q", k.Kind, en)
		}
	}
}

// TestText_JSONKeepsCodeAndParams: a text travels as code, params and terms,
// and its English joins translated terms.
func TestText_JSONKeepsCodeAndParams(t *testing.T) {
	txt := domain.T(supervision.TextRiskSharedIdentity, "Project", 6).WithTerms("Fields", supervision.RiskFieldText("contact_phone"), supervision.RiskFieldText("email"))
	if got, want := txt.English(), "Two agencies bidding on project 6 share their contact phone, e-mail mailbox."; got != want {
		t.Errorf("English %q, want %q", got, want)
	}
	b, err := json.Marshal(txt)
	if err != nil {
		t.Fatal(err)
	}
	var back domain.Text
	if err := back.Scan(b); err != nil || back.ID != txt.ID || back.English() != txt.English() {
		t.Errorf("round trip %s: %+v %v", b, back, err)
	}
	if unknown := domain.T("no.such.text"); unknown.English() != "no.such.text" {
		t.Errorf("unknown id renders %q", unknown.English())
	}
}
