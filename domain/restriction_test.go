package domain_test

import (
	"slices"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/restriction"
)

func TestCheckRestrictions_NamesThePhrase(t *testing.T) {
	err := market.CheckRestrictions("description", "要求注册资本不低于500万元")
	e, ok := domain.AsError(err)
	if !ok || e.Reason != "restricted_phrase" || e.Field != "description" || !strings.Contains(e.Message, "注册资本") {
		t.Fatalf("got %#v", err)
	}
}

// TestCheckRestrictions_NamesEveryPhrase: the error carries the stable code,
// and every offending phrase with its class as parameters, so a page can
// render it in the reader's language.
func TestCheckRestrictions_NamesEveryPhrase(t *testing.T) {
	text := "仅限省内机构报名，注 册 资 本不低于300万元，成立满5年。"
	err := market.CheckRestrictions("description", text)
	e, ok := domain.AsError(err)
	if !ok || e.Code != domain.EINVALID || e.Reason != "restricted_phrase" || e.Field != "description" {
		t.Fatalf("got %#v", err)
	}
	found, _ := e.Params["restrictions"].([]restriction.Finding)
	want := []restriction.Finding{
		{Class: restriction.Region, Phrase: "仅限省内机构"},
		{Class: restriction.CapitalSize, Phrase: "注 册 资 本不低于300万元"},
		{Class: restriction.YearsInBusiness, Phrase: "成立满5年"},
	}
	if !slices.Equal(found, want) {
		t.Errorf("params = %+v, want %+v", found, want)
	}
	for _, f := range want {
		if !strings.Contains(e.Message, f.Phrase) {
			t.Errorf("message %q does not name %q", e.Message, f.Phrase)
		}
	}
	if err := market.CheckRestrictions("title", "某厂房扩建环境影响评价"); err != nil {
		t.Errorf("neutral title refused: %v", err)
	}
}
