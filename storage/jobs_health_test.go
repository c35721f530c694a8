package storage_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/jobrun"
	"marketplace/storage/storagetest"
)

// A job's health row through its life: a first success with progress, a
// failure (failing since then), a second failure (still failing since the
// first), an idle success soon after (written: it ends the failure), then
// an idle success within the resolution (skipped).
func TestJobHealth_SuccessAndFailureUpserts(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	steps := []func() error{
		func() error { return db.RecordJobSuccess(ctx, "close", at(0), true, time.Hour) },
		func() error { return db.RecordJobFailure(ctx, "close", at(1), "boom") },
		func() error { return db.RecordJobFailure(ctx, "close", at(2), "boom again") },
		func() error { return db.RecordJobSuccess(ctx, "close", at(3), false, time.Hour) },
		func() error { return db.RecordJobSuccess(ctx, "close", at(4), false, time.Hour) },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	hs, err := db.FindJobHealth(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 {
		t.Fatalf("got %d health rows, want 1", len(hs))
	}
	h := hs[0]
	eq := func(what string, got *time.Time, want time.Time) {
		t.Helper()
		if got == nil || !got.Equal(want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	eq("last success", h.LastSuccessAt, at(3))
	eq("last progress", h.LastProgressAt, at(0))
	eq("last failure", h.LastFailureAt, at(2))
	if h.FailingSince != nil || h.LastError != "boom again" {
		t.Errorf("failing since %v, last error %q; want none and %q", h.FailingSince, h.LastError, "boom again")
	}
}

// A run is created, then finished; the idle runs ended before the cut-off
// are pruned, the others kept.
func TestJobRuns_SaveAndPrune(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var runs []*jobrun.Run
	for i, rows := range []int{0, 3, 0} {
		r := &jobrun.Run{Job: "close", Replica: "a", StartedAt: t0.Add(time.Duration(i) * time.Hour)}
		if err := db.SaveJobRun(ctx, r); err != nil || r.ID == 0 {
			t.Fatalf("create run %d: id %d, %v", i, r.ID, err)
		}
		end := r.StartedAt.Add(time.Minute)
		r.EndedAt, r.Rows = &end, rows
		if err := db.SaveJobRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	n, err := db.DeleteIdleJobRuns(ctx, t0.Add(90*time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1", n, err)
	}
	got, total, err := db.FindJobRuns(ctx, jobrun.Filter{}, domain.Page{Page: 1, PerPage: 10})
	if err != nil || total != 2 {
		t.Fatalf("%d runs left, %v; want 2", total, err)
	}
	if got[0].ID != runs[2].ID || got[1].ID != runs[1].ID || got[1].Rows != 3 || got[1].EndedAt == nil {
		t.Errorf("runs left: %+v %+v", got[0], got[1])
	}
}
