package search_test

import (
	"strings"
	"testing"

	"marketplace/domain/kernel"
	"marketplace/domain/search"
)

func TestParseSearchQuery(t *testing.T) {
	tests := []struct {
		name   string
		in     search.Input
		reason string
		terms  int
		none   bool
	}{
		{"OK", search.Input{Q: " 武汉  环评 "}, "", 2, false},
		{"EmptyBrowses", search.Input{Status: "bidding"}, "", 0, false},
		{"PunctuationMatchesNothing", search.Input{Q: "，。！"}, "", 0, true},
		{"MaxLength", search.Input{Q: strings.Repeat("评", 100)}, "", 1, false},
		{"ErrTooLong", search.Input{Q: strings.Repeat("评", 101)}, "query_too_long", 0, false},
		{"ErrEncoding", search.Input{Q: "环\xff"}, "query_encoding", 0, false},
		{"ErrType", search.Input{Type: "bid"}, "search_type", 0, false},
		{"ErrDraft", search.Input{Status: "draft"}, "search_status", 0, false},
		{"ErrGradeOnProjects", search.Input{Grade: "A"}, "search_filter", 0, false},
		{"ErrFundingOnAgencies", search.Input{Type: "agency", Funding: "self"}, "search_filter", 0, false},
		{"ErrAgencyDeadline", search.Input{Type: "agency", Sort: "deadline"}, "search_sort", 0, false},
		{"ErrGrade", search.Input{Type: "agency", Grade: "AB"}, "search_grade", 0, false},
		{"ErrRegionNUL", search.Input{Region: "湖北\x00"}, "search_filter", 0, false},
		{"ErrDeepPage", search.Input{Page: kernel.Page{Page: 600, PerPage: 20}}, "page_range", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := search.Parse(tt.in)
			if tt.reason != "" {
				if e, ok := kernel.AsError(err); !ok || e.Reason != tt.reason || e.Code != kernel.EINVALID {
					t.Fatalf("err = %v, want %s", err, tt.reason)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Terms) != tt.terms || q.NoMatch != tt.none || q.Type != search.Projects || q.Sort != search.SortRelevance {
				t.Errorf("got %d terms, NoMatch %v, type %s, sort %s", len(q.Terms), q.NoMatch, q.Type, q.Sort)
			}
		})
	}
}
