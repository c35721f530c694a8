package restriction_test

import (
	"slices"
	"testing"

	"marketplace/domain/restriction"
)

// TestFind_QuotesTheOwnersWords: phrases are quoted as typed
// (spaces, full-width forms and all), so the owner can find them in the text.
func TestFind_QuotesTheOwnersWords(t *testing.T) {
	tests := []struct {
		text string
		want []restriction.Finding
	}{
		{"", nil},
		{"编制某工业园区新建厂房的环境影响报告表，服务期30天。", nil},
		{"注 册 资 本 500 万", []restriction.Finding{{Class: "capital_size", Phrase: "注 册 资 本 500 万"}}},
		{"ＩＳＯ９００１认证", []restriction.Finding{{Class: "certification", Phrase: "ＩＳＯ９００１"}}},
		{"限\u200b本地机构参与", []restriction.Finding{{Class: "region", Phrase: "限\u200b本地机构"}}},
		{"须在本地设立办公场所", []restriction.Finding{{Class: "local_presence", Phrase: "在本地设立办公场所"}}},
		// Two restrictions of one class in two clauses are two phrases.
		{"限省内机构报名；外地机构不得参与。", []restriction.Finding{
			{Class: "region", Phrase: "限省内机构"}, {Class: "region", Phrase: "外地机构"}}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := restriction.Find(tc.text)
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("Find(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
		})
	}
}
