package domain

import (
	"testing"

	"marketplace/domain/market"
	"marketplace/domain/search"
)

// TestSearch_ReadsMarketStatuses: the search filter accepts every status a
// published project can be in and refuses a draft; package search keeps a
// copy of the list (it cannot import market), which must stay equal.
func TestSearch_ReadsMarketStatuses(t *testing.T) {
	for _, st := range market.PublicProjectStatuses {
		if _, err := search.Parse(search.Input{Status: st}); err != nil {
			t.Errorf("status %q refused: %v", st, err)
		}
	}
	if _, err := search.Parse(search.Input{Status: market.ProjectDraft}); ErrorCode(err) != EINVALID {
		t.Errorf("a draft status was not refused: %v", err)
	}
}
