package api_test

import (
	"testing"
	"time"
)

// TestCredit_RecomputeJobThenSearchRefreshJob: the scheduler's recompute
// leaves the agency's search document at the old score (recording the
// agency as pending), and the refresh_credit_search job brings it to the
// recomputed one, once.
func TestCredit_RecomputeJobThenSearchRefreshJob(t *testing.T) {
	t.Parallel()
	w := newCreditWorld(t)
	id, _ := w.register("agency", "信用检索刷新咨询有限公司")
	w.violation(t, w.dept, map[string]any{"agency_id": id, "kind": "violation", "severity": 2, "evidence": "记录"})
	docScore := func() (n int64) {
		storagetestCount(t, w.testApp, "SELECT credit_score FROM search_agencies WHERE agency_id = "+creditItoa(id), &n)
		return n
	}
	if got := docScore(); got != 85 {
		t.Fatalf("document after the violation: score %d, want 85 (a single event refreshes it at once)", got)
	}
	w.advance(w.now.AddDate(2, 0, 0).Sub(w.now) + time.Second) // the deduction expires
	if n := w.runJob(t, "recompute_credit"); n != 1 {
		t.Fatalf("recompute changed %d rows, want 1", n)
	}
	if got := docScore(); got != 85 {
		t.Errorf("document refreshed inside the recompute: score %d", got)
	}
	if n := w.count(t, "SELECT count(*) FROM credit_search_pending WHERE agency_id = "+creditItoa(id)); n != 1 {
		t.Errorf("agency pending %d times after the recompute, want 1", n)
	}
	if n := w.runJob(t, "refresh_credit_search"); n != 1 {
		t.Errorf("refresh_credit_search rebuilt %d documents, want 1", n)
	}
	if got := docScore(); got != 100 {
		t.Errorf("document after refresh_credit_search: score %d, want 100", got)
	}
	if n := w.runJob(t, "refresh_credit_search"); n != 0 {
		t.Errorf("a second refresh rebuilt %d documents", n)
	}
}
