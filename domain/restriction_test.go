package domain_test

import (
	"slices"
	"strings"
	"testing"

	"marketplace/domain"
)

// TestFindRestrictions_QuotesTheOwnersWords: phrases are quoted as typed
// (spaces, full-width forms and all), so the owner can find them in the text.
func TestFindRestrictions_QuotesTheOwnersWords(t *testing.T) {
	tests := []struct {
		text string
		want []domain.RestrictionFinding
	}{
		{"", nil},
		{"编制某工业园区新建厂房的环境影响报告表，服务期30天。", nil},
		{"注 册 资 本 500 万", []domain.RestrictionFinding{{Class: "capital_size", Phrase: "注 册 资 本 500 万"}}},
		{"ＩＳＯ９００１认证", []domain.RestrictionFinding{{Class: "certification", Phrase: "ＩＳＯ９００１"}}},
		{"限\u200b本地机构参与", []domain.RestrictionFinding{{Class: "region", Phrase: "限\u200b本地机构"}}},
		{"须在本地设立办公场所", []domain.RestrictionFinding{{Class: "local_presence", Phrase: "在本地设立办公场所"}}},
		// Two restrictions of one class in two clauses are two phrases.
		{"限省内机构报名；外地机构不得参与。", []domain.RestrictionFinding{
			{Class: "region", Phrase: "限省内机构"}, {Class: "region", Phrase: "外地机构"}}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := domain.FindRestrictions(tc.text)
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("FindRestrictions(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
		})
	}
}

func TestCheckRestrictions_NamesThePhrase(t *testing.T) {
	err := domain.CheckRestrictions("description", "要求注册资本不低于500万元")
	e, ok := domain.AsError(err)
	if !ok || e.Reason != "restricted_phrase" || e.Field != "description" || !strings.Contains(e.Message, "注册资本") {
		t.Fatalf("got %#v", err)
	}
}
