package domain_test

import (
	"strings"
	"testing"
	"time"

	"marketplace/domain"
)

func TestSearchRuns(t *testing.T) {
	for in, want := range map[string]string{
		"地质灾害危险性评估":    "地质灾害危险性评估",
		"NAT-06 地灾，评估": "nat|06|地灾|评估",
		"ABC环评2026年":   "abc|环评|2026|年",
		"！！！":          "",
		"环境影响报告书（表）编制": "环境影响报告书|表|编制",
	} {
		if got := strings.Join(domain.SearchRuns(in), "|"); got != want {
			t.Errorf("SearchRuns(%q) = %q, want %q", in, got, want)
		}
	}
	if got := strings.Join(domain.Bigrams("地质灾害"), " "); got != "地质 质灾 灾害" {
		t.Errorf("Bigrams = %q", got)
	}
	if got := strings.Join(domain.Bigrams("评"), " "); got != "评" {
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
		if got := strings.Join(domain.ExpandSynonyms(in), "|"); got != want {
			t.Errorf("ExpandSynonyms(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHighlight(t *testing.T) {
	terms := []string{"环境影响", "abc"}
	if got, want := domain.HighlightText("某<厂>环境影响报告 ABC", terms), "某&lt;厂&gt;<mark>环境影响</mark>报告 <mark>ABC</mark>"; got != want {
		t.Errorf("HighlightText = %q, want %q", got, want)
	}
	if got, want := domain.HighlightText("灾害地质灾害", []string{"地质", "质灾"}), "灾害<mark>地质灾</mark>害"; got != want {
		t.Errorf("overlapping marks = %q, want %q", got, want)
	}
	long := strings.Repeat("前文", 50) + "地质灾害危险性评估" + strings.Repeat("后文", 50)
	s := domain.Snippet(long, []string{"地质灾害"}, 40)
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "<mark>地质灾害</mark>") {
		t.Errorf("Snippet = %q", s)
	}
	if s := domain.Snippet("短文本", nil, 40); s != "短文本" {
		t.Errorf("short Snippet = %q", s)
	}
}

func TestParseSearchQuery(t *testing.T) {
	tests := []struct {
		name   string
		in     domain.SearchInput
		reason string
		terms  int
		none   bool
	}{
		{"OK", domain.SearchInput{Q: " 武汉  环评 "}, "", 2, false},
		{"EmptyBrowses", domain.SearchInput{Status: "bidding"}, "", 0, false},
		{"PunctuationMatchesNothing", domain.SearchInput{Q: "，。！"}, "", 0, true},
		{"MaxLength", domain.SearchInput{Q: strings.Repeat("评", 100)}, "", 1, false},
		{"ErrTooLong", domain.SearchInput{Q: strings.Repeat("评", 101)}, "query_too_long", 0, false},
		{"ErrEncoding", domain.SearchInput{Q: "环\xff"}, "query_encoding", 0, false},
		{"ErrType", domain.SearchInput{Type: "bid"}, "search_type", 0, false},
		{"ErrDraft", domain.SearchInput{Status: "draft"}, "search_status", 0, false},
		{"ErrGradeOnProjects", domain.SearchInput{Grade: "A"}, "search_filter", 0, false},
		{"ErrFundingOnAgencies", domain.SearchInput{Type: "agency", Funding: "self"}, "search_filter", 0, false},
		{"ErrAgencyDeadline", domain.SearchInput{Type: "agency", Sort: "deadline"}, "search_sort", 0, false},
		{"ErrGrade", domain.SearchInput{Type: "agency", Grade: "AB"}, "search_grade", 0, false},
		{"ErrRegionNUL", domain.SearchInput{Region: "湖北\x00"}, "search_filter", 0, false},
		{"ErrDeepPage", domain.SearchInput{Page: domain.Page{Page: 600, PerPage: 20}}, "page_range", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := domain.ParseSearchQuery(tt.in)
			if tt.reason != "" {
				if e, ok := domain.AsError(err); !ok || e.Reason != tt.reason || e.Code != domain.EINVALID {
					t.Fatalf("err = %v, want %s", err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Terms) != tt.terms || q.NoMatch != tt.none || q.Type != domain.SearchProjects || q.Sort != domain.SortRelevance {
				t.Errorf("got %d terms, NoMatch %v, type %s, sort %s", len(q.Terms), q.NoMatch, q.Type, q.Sort)
			}
		})
	}
}

func TestOutboxBackoff(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 5: 32 * time.Second, 12: time.Hour, 100: time.Hour} {
		if got := domain.OutboxBackoff(attempts); got != want {
			t.Errorf("OutboxBackoff(%d) = %s, want %s", attempts, got, want)
		}
	}
}
