package search

import (
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
	"marketplace/domain/searchtext"
)

// Search types and sorts.
const (
	Projects = "project"
	Agencies = "agency"

	SortRelevance = "relevance"
	SortDeadline  = "deadline"
	SortDate      = "date"

	// MaxQueryLen is the longest query accepted, in characters.
	MaxQueryLen = 100
)

// Input is a search request as the caller gives it.
type Input struct {
	Q      string
	Type   string // project (default) | agency
	Item   string // service item code
	Region string // exact region
	Status string // project status, or agency status
	// Statuses, when set, keeps projects in any of these states (the
	// portal's results and terminated lists); not a public API filter.
	Statuses []string
	Funding  string // self | budget (projects)
	Grade    string // A | B | C | D (agencies)
	Sort     string // relevance (default) | deadline | date
	Page     kernel.Page
}

// Query is a validated search: the input plus the parsed terms.
type Query struct {
	Input
	// Terms are ANDed; each is a set of alternatives (the word as typed and
	// its synonym expansions), ORed.
	Terms []Term
	// NoMatch is set when the text had nothing searchable (only
	// punctuation): the answer is empty, not everything.
	NoMatch bool
	// Relaxed asks the engine to match long Han runs as separate words
	// (天平评估 → 天平 & 评估) instead of one exact phrase; Search retries
	// with it when the exact query found nothing.
	Relaxed bool
}

// relaxable reports whether a relaxed retry could find more: some Han run
// of four characters or more.
func (q *Query) relaxable() bool {
	for _, t := range q.Terms {
		for _, alt := range t.Alternatives {
			for _, run := range searchtext.Runs(alt) {
				if rs := []rune(run); len(rs) >= 4 && searchtext.IsHan(rs[0]) {
					return true
				}
			}
		}
	}
	return false
}

// Term is one word of the query with its alternatives.
type Term struct {
	Alternatives []string
}

// HasText reports whether the query filters by text.
func (q *Query) HasText() bool { return len(q.Terms) > 0 }

// Highlights returns the strings to mark in results: every token run of
// every alternative, longest first so that marking prefers whole words.
func (q *Query) Highlights() []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range q.Terms {
		for _, alt := range t.Alternatives {
			for _, run := range searchtext.Runs(alt) {
				parts := []string{run}
				if rs := []rune(run); q.Relaxed && len(rs) >= 4 && searchtext.IsHan(rs[0]) {
					parts = parts[:0]
					for i := 0; i < len(rs); i += 2 {
						parts = append(parts, string(rs[i:min(i+2, len(rs))]))
					}
				}
				for _, p := range parts {
					if !seen[p] {
						seen[p] = true
						out = append(out, p)
					}
				}
			}
		}
	}
	sortByLenDesc(out)
	return out
}

// Hit is one result. Title and Snippet are HTML-escaped with the
// matched terms wrapped in <mark>…</mark>.
type Hit struct {
	Type            string     `json:"type"`
	ID              int64      `json:"id"`
	Title           string     `json:"title"`
	Snippet         string     `json:"snippet"`
	ItemCodes       []string   `json:"item_codes"`
	ItemNames       []string   `json:"item_names"`
	Region          string     `json:"region"`
	Status          string     `json:"status"`
	Funding         string     `json:"funding,omitempty"`
	OwnerName       string     `json:"owner_name,omitempty"`
	BiddingClosesAt *time.Time `json:"bidding_closes_at,omitempty"`
	PublishedAt     *time.Time `json:"published_at,omitempty"`
	CreditGrade     string     `json:"credit_grade,omitempty"`
	CreditScore     *int       `json:"credit_score,omitempty"`
}

// FacetCount is how many results have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Result is one page of hits with the total and facet counts over
// every result (not only this page). Facets are keyed by filter name:
// item, region, status, funding (projects); item, region, status, grade
// (agencies); values are ordered by count, then value.
//
// When a query matches more documents than the engine counts exactly
// (docs/search.md: a few thousand), TotalIsEstimate is true: Total is an
// estimate (never below the exact-count limit) and facet counts are
// extrapolated from a sample of the matches. The page itself is always
// exact: the first hits in the requested order.
type Result struct {
	Items           []Hit                   `json:"items"`
	Total           int                     `json:"total"`
	TotalIsEstimate bool                    `json:"total_is_estimate"`
	Page            int                     `json:"page"`
	PerPage         int                     `json:"per_page"`
	Facets          map[string][]FacetCount `json:"facets"`
	Engine          string                  `json:"engine"`
}

// Parse validates in and splits its text into terms with their
// synonyms. An empty text is allowed (browse by filters); one longer than
// MaxQueryLen is refused; one with only punctuation matches nothing.
func Parse(in Input) (*Query, error) {
	q := &Query{Input: in}
	q.Q = strings.TrimSpace(q.Q)
	if !utf8.ValidString(q.Q) || strings.ContainsRune(q.Q, 0) {
		return nil, kernel.FieldError("q", "query_encoding", "The query is not valid UTF-8 text.")
	}
	if n := utf8.RuneCountInString(q.Q); n > MaxQueryLen {
		return nil, kernel.FieldError("q", "query_too_long", "The query is %d characters long; at most %d are allowed.", n, MaxQueryLen)
	}
	if q.Type == "" {
		q.Type = Projects
	}
	if q.Sort == "" {
		q.Sort = SortRelevance
	}
	switch q.Type {
	case Projects:
		if q.Grade != "" {
			return nil, kernel.FieldError("grade", "search_filter", "The grade filter applies to agencies (type=agency) only.")
		}
		for _, st := range append([]string{q.Status}, q.Statuses...) {
			if st != "" && !searchableProjectStatus[st] {
				return nil, kernel.FieldError("status", "search_status", "Unknown project status %q (draft projects are never public).", st)
			}
		}
		if q.Funding != "" && q.Funding != "self" && q.Funding != "budget" {
			return nil, kernel.FieldError("funding", "search_funding", "funding must be self or budget.")
		}
	case Agencies:
		if q.Funding != "" {
			return nil, kernel.FieldError("funding", "search_filter", "The funding filter applies to projects only.")
		}
		if q.Sort == SortDeadline {
			return nil, kernel.FieldError("sort", "search_sort", "Agencies cannot be sorted by deadline; use relevance or date.")
		}
		if q.Grade != "" && (len(q.Grade) != 1 || !strings.Contains("ABCD", q.Grade)) {
			return nil, kernel.FieldError("grade", "search_grade", "grade must be one of A, B, C, D.")
		}
		if len(q.Statuses) > 0 {
			return nil, kernel.FieldError("status", "search_filter", "Several statuses apply to projects only.")
		}
		if q.Status != "" && !agencyStatus[q.Status] {
			return nil, kernel.FieldError("status", "search_status", "Unknown agency status %q.", q.Status)
		}
	default:
		return nil, kernel.FieldError("type", "search_type", "type must be project or agency.")
	}
	switch q.Sort {
	case SortRelevance, SortDeadline, SortDate:
	default:
		return nil, kernel.FieldError("sort", "search_sort", "sort must be relevance, deadline or date.")
	}
	for name, v := range map[string]string{"item": q.Item, "region": q.Region} {
		if utf8.RuneCountInString(v) > 200 || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
			return nil, kernel.FieldError(name, "search_filter", "The %s filter must be valid text of at most 200 characters.", name)
		}
	}
	if err := q.Page.Normalize(); err != nil {
		return nil, err
	}
	if q.Page.Offset() > 10_000 {
		return nil, kernel.FieldError("page", "page_range", "Search results are available up to the 10,000th; refine the query.")
	}
	for _, word := range strings.Fields(q.Q) {
		if len(searchtext.Runs(word)) == 0 {
			continue
		}
		q.Terms = append(q.Terms, Term{Alternatives: searchtext.ExpandSynonyms(word)})
	}
	q.NoMatch = q.Q != "" && len(q.Terms) == 0
	return q, nil
}

// ProjectStatuses are the statuses of a published project the status
// filter accepts: a copy of market.PublicProjectStatuses (this package
// cannot import market), kept equal by TestSearch_ReadsMarketStatuses in
// domain.
var ProjectStatuses = []string{"bidding", "evaluating", "failed", "publicity", "awarded",
	"contracted", "delivered", "accepted", "completed", "cancelled"}

var searchableProjectStatus = func() map[string]bool {
	m := map[string]bool{}
	for _, st := range ProjectStatuses {
		m[st] = true
	}
	return m
}()

var agencyStatus = map[string]bool{kernel.StatusActive: true, kernel.StatusSuspended: true, kernel.StatusBlacklisted: true, kernel.StatusExited: true}

func sortByLenDesc(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && utf8.RuneCountInString(s[j]) > utf8.RuneCountInString(s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
