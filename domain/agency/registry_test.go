package agency_test

import (
	"context"
	"testing"

	"marketplace/domain/agency"
	"marketplace/domain/kernel"
)

// refStore answers the picker's search from a fixed list; the Registry's
// other reads are not reached by these tests (the embedded nil panics).
type refStore struct {
	agency.Store
	refs []agency.Ref
}

func (s refStore) FindAgencyRefs(ctx context.Context, q string, limit int) ([]agency.Ref, error) {
	return s.refs, nil
}

func TestRegistry_Resolve(t *testing.T) {
	a := agency.Ref{ID: 1, Name: "武汉甲测绘有限公司", USCC: "91420100MA4K00001X"}
	b := agency.Ref{ID: 2, Name: "武汉甲测绘有限公司分公司", USCC: "91420100MA4K00002Y"}
	tests := []struct {
		name   string
		q      string
		refs   []agency.Ref
		want   int64
		picks  int
		reason string
	}{
		{"empty", "  ", nil, 0, 0, "agency_required"},
		{"none", "乙", nil, 0, 0, "agency_unknown"},
		{"one partial match", "甲测绘", []agency.Ref{a}, 1, 0, ""},
		{"exact name wins over a longer one", a.Name, []agency.Ref{b, a}, 1, 0, ""},
		{"USCC in lower case", "91420100ma4k00002y", []agency.Ref{a, b}, 2, 0, ""},
		{"ambiguous", "甲测绘", []agency.Ref{a, b}, 0, 2, "agency_ambiguous"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &agency.Registry{Store: refStore{refs: tc.refs}}
			got, picks, err := r.Resolve(context.Background(), "agency", tc.q)
			if reason(err) != tc.reason || got.ID != tc.want || len(picks) != tc.picks {
				t.Errorf("Resolve(%q) = %d, %d candidates, %q; want %d, %d, %q", tc.q, got.ID, len(picks), reason(err), tc.want, tc.picks, tc.reason)
			}
		})
	}
}

func TestRegistry_FindRefsNeedsTwoCharacters(t *testing.T) {
	r := &agency.Registry{Store: refStore{refs: []agency.Ref{{ID: 1}}}}
	if refs, _ := r.FindRefs(context.Background(), " 甲 "); refs != nil {
		t.Errorf("one character searched: %v", refs)
	}
	if refs, _ := r.FindRefs(context.Background(), "甲乙"); len(refs) != 1 {
		t.Errorf("two characters not searched: %v", refs)
	}
}

// exitTx is an active agency with open engagements, in a transaction.
type exitTx struct {
	agency.Tx
	open []agency.OpenEngagement
}

func (s exitTx) FindAgency(ctx context.Context, id int64, forUpdate bool) (*agency.Agency, error) {
	return &agency.Agency{ID: id, Status: kernel.StatusActive}, nil
}

func (s exitTx) FindOpenEngagements(ctx context.Context, agencyID int64) ([]agency.OpenEngagement, error) {
	return s.open, nil
}

func TestRegistry_ExitRefusedWithOpenEngagements(t *testing.T) {
	tx := exitTx{open: []agency.OpenEngagement{
		{ProjectID: 3, Kind: "bid", Status: "bidding"},
		{ProjectID: 4, Kind: "award", Status: "awarded"},
		{ProjectID: 5, Kind: "contract", Status: "contracted"},
	}}
	r := &agency.Registry{InTx: func(ctx context.Context, fn func(agency.Tx) error) error { return fn(tx) }}
	_, err := r.Exit(context.Background(), kernel.Actor{ID: 7, Role: kernel.RoleAgency})
	e, ok := kernel.AsError(err)
	if !ok || e.Reason != "open_engagements" {
		t.Fatalf("Exit = %v, want open_engagements", err)
	}
	want := "The agency cannot exit while it has a submitted bid on project 3 (still bidding); an award on project 4 (awarded); a contract on project 5 (contracted). Withdraw open bids and finish contracts first."
	if e.Message != want {
		t.Errorf("message = %q\nwant      %q", e.Message, want)
	}
	if agency.ErrOpenEngagements.Message != "" {
		t.Errorf("the sentinel was changed: %q", agency.ErrOpenEngagements.Message)
	}
}
