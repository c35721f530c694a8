package searchtext_test

import (
	"strings"
	"testing"

	"marketplace/domain/searchtext"
)

func TestRuns(t *testing.T) {
	for in, want := range map[string]string{
		"地质灾害危险性评估":    "地质灾害危险性评估",
		"NAT-06 地灾，评估": "nat|06|地灾|评估",
		"ABC环评2026年":   "abc|环评|2026|年",
		"！！！":          "",
		"环境影响报告书（表）编制": "环境影响报告书|表|编制",
	} {
		if got := strings.Join(searchtext.Runs(in), "|"); got != want {
			t.Errorf("Runs(%q) = %q, want %q", in, got, want)
		}
	}
	if got := strings.Join(searchtext.Bigrams("地质灾害"), " "); got != "地质 质灾 灾害" {
		t.Errorf("Bigrams = %q", got)
	}
	if got := strings.Join(searchtext.Bigrams("评"), " "); got != "评" {
		t.Errorf("Bigrams of one character = %q", got)
	}
}

func TestExpandSynonyms(t *testing.T) {
	for in, want := range map[string]string{
		"环评":   "环评|环境影响评价|环境影响报告|环境影响后评价|环境技术评估",
		"环评报告": "环评报告|环境影响评价 报告|环境影响报告 报告|环境影响后评价 报告|环境技术评估 报告",
		"地灾评估": "地灾评估|地质灾害 评估|地质灾害危险性评估",
		"测绘":   "测绘",
	} {
		if got := strings.Join(searchtext.ExpandSynonyms(in), "|"); got != want {
			t.Errorf("ExpandSynonyms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHighlight(t *testing.T) {
	terms := []string{"环境影响", "abc"}
	if got, want := searchtext.Highlight("某<厂>环境影响报告 ABC", terms), "某&lt;厂&gt;<mark>环境影响</mark>报告 <mark>ABC</mark>"; got != want {
		t.Errorf("Highlight = %q, want %q", got, want)
	}
	if got, want := searchtext.Highlight("灾害地质灾害", []string{"地质", "质灾"}), "灾害<mark>地质灾</mark>害"; got != want {
		t.Errorf("overlapping marks = %q, want %q", got, want)
	}
	long := strings.Repeat("前文", 50) + "地质灾害危险性评估" + strings.Repeat("后文", 50)
	s := searchtext.Snippet(long, []string{"地质灾害"}, 40)
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "<mark>地质灾害</mark>") {
		t.Errorf("Snippet = %q", s)
	}
	if s := searchtext.Snippet("短文本", nil, 40); s != "短文本" {
		t.Errorf("short Snippet = %q", s)
	}
}
