package domain

import (
	"slices"
	"testing"

	"marketplace/domain/market"
	"marketplace/domain/search"
)

// TestSearch_ReadsMarketStatuses: package search keeps a copy of the
// statuses a published project can be in (it cannot import market); the
// two lists hold the same statuses, the filter accepts each of them and
// refuses a draft.
func TestSearch_ReadsMarketStatuses(t *testing.T) {
	theirs, ours := slices.Sorted(slices.Values(search.ProjectStatuses)), slices.Sorted(slices.Values(market.PublicProjectStatuses))
	if !slices.Equal(theirs, ours) {
		t.Errorf("search.ProjectStatuses = %v, market's are %v", theirs, ours)
	}
	for _, st := range market.PublicProjectStatuses {
		if _, err := search.Parse(search.Input{Status: st}); err != nil {
			t.Errorf("status %q refused: %v", st, err)
		}
	}
	if _, err := search.Parse(search.Input{Status: market.ProjectDraft}); ErrorCode(err) != EINVALID {
		t.Errorf("a draft status was not refused: %v", err)
	}
}
