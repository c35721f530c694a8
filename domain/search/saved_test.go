package search_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/search"
)

// savedTx is a transaction of the saved-search use cases over memory: a
// catalogue of known items, the account's searches and the audit entries.
// The other reads are not reached by these tests (the embedded nil panics).
type savedTx struct {
	search.SavedStore
	items   map[string]bool
	count   int
	created []*search.Saved
	audits  []string
}

func (s *savedTx) ItemExists(_ context.Context, code string) (bool, error) { return s.items[code], nil }
func (s *savedTx) Now(context.Context) (time.Time, error) {
	return time.Date(2026, 12, 6, 1, 0, 0, 0, time.UTC), nil
}
func (s *savedTx) CountSavedSearches(context.Context, int64) (int, error) { return s.count, nil }
func (s *savedTx) CreateSavedSearch(_ context.Context, ss *search.Saved) error {
	ss.ID = int64(len(s.created) + 1)
	s.created = append(s.created, ss)
	return nil
}
func (s *savedTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}

// TestService_CreateSaved runs the create use case over a fake transaction:
// what it refuses writes nothing; what it accepts is written once with its
// audit entry and a feed token.
func TestService_CreateSaved(t *testing.T) {
	agency := kernel.Actor{ID: 7, Role: kernel.RoleAgency}
	tests := []struct {
		name   string
		actor  kernel.Actor
		in     search.SavedInput
		count  int
		reason string
	}{
		{"saved", agency, search.SavedInput{Q: "环评", Items: []string{"NAT-01", "NAT-01"}, Frequency: search.Daily}, 0, ""},
		{"anonymous", kernel.Actor{}, search.SavedInput{Q: "环评"}, 0, "login_required"},
		{"no condition", agency, search.SavedInput{Name: "空"}, 0, "saved_search_empty"},
		{"unknown item", agency, search.SavedInput{Items: []string{"NAT-99"}}, 0, "saved_search_item"},
		{"bad frequency", agency, search.SavedInput{Q: "环评", Frequency: "hourly"}, 0, "saved_search_frequency"},
		{"at the cap", agency, search.SavedInput{Q: "环评"}, search.MaxSavedPerAccount, "saved_search_limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tx := &savedTx{items: map[string]bool{"NAT-01": true}, count: tc.count}
			sv := &search.Service{InTx: func(ctx context.Context, fn func(search.SavedTx) error) error { return fn(tx) }}
			got, err := sv.CreateSaved(context.Background(), tc.actor, tc.in)
			if tc.reason != "" {
				if e, ok := kernel.AsError(err); !ok || e.Reason != tc.reason {
					t.Fatalf("err %v, want reason %s", err, tc.reason)
				}
				if len(tx.created) != 0 || len(tx.audits) != 0 {
					t.Errorf("a refused search wrote %d searches and %v", len(tx.created), tx.audits)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tx.created) != 1 || len(tx.audits) != 1 || tx.audits[0] != "saved_search.created" {
				t.Fatalf("wrote %d searches and audits %v", len(tx.created), tx.audits)
			}
			if got.AccountID != 7 || len(got.Items) != 1 || len(got.FeedToken) != 64 || got.FeedPath != search.FeedPathOf(got.FeedToken) || got.Name != "环评" {
				t.Errorf("saved %+v", got)
			}
		})
	}
}
