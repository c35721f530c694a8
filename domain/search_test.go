package domain_test

import (
	"strings"
	"testing"
	"time"

	"marketplace/domain"
)

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
