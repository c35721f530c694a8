package storage_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// creditEventsPerAgency is the scale's shape: 100k agencies, 2M events.
const creditEventsPerAgency = 20

// creditScaleAgencies is CREDIT_SCALE_AGENCIES, 100k when unset.
func creditScaleAgencies(tb testing.TB) int {
	v := os.Getenv("CREDIT_SCALE_AGENCIES")
	if v == "" {
		return 100_000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		tb.Fatalf("CREDIT_SCALE_AGENCIES=%q: want a positive number", v)
	}
	return n
}

// shiftCreditScores moves every profile's score one point off what the
// recompute will find, without firing triggers, and empties
// credit_search_pending, so that the next recompute changes and records
// every profile (the worst case).
func shiftCreditScores(tb testing.TB, db *storage.DB) {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{"SET LOCAL session_replication_role = replica",
		"UPDATE agency_profiles SET credit_score = CASE WHEN credit_score = 0 THEN 1 ELSE credit_score - 1 END",
		"TRUNCATE credit_search_pending"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// TestCredit_RecomputeThenSearchDocumentsFollow: the full recompute
// records the agencies it changed and leaves their search documents to the
// refresh_credit_search batches, which bring exactly those documents to
// the profile's score and grade and announce each once; a document a
// single profile change rebuilt in between is not rebuilt again; a single
// profile change (not the recompute) still refreshes its document at once.
func TestCredit_RecomputeThenSearchDocumentsFollow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.DefaultPeriods())
	const agencies, days = 300, 4 * 365
	end := creditEpoch.AddDate(0, 0, days+1)
	bulkAgencies(t, db, agencies)
	bulkEvents(t, db, creditEventsPerAgency*agencies, days, end)
	count := func(q string) (n int) {
		t.Helper()
		if err := db.SQL().QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const staleQ = `SELECT count(*) FROM agency_profiles p JOIN search_agencies s ON s.agency_id = p.account_id
		WHERE (s.credit_score, s.credit_grade) <> (p.credit_score, p.credit_grade)`
	const announcedQ = "SELECT count(*) FROM outbox WHERE topic = 'search' AND entity = 'agency'"
	const pendingQ = "SELECT count(*) FROM credit_search_pending"
	if docs := count("SELECT count(*) FROM search_agencies"); docs != agencies {
		t.Fatalf("%d search documents after inserting %d agencies", docs, agencies)
	}
	if p := count(pendingQ); p != 0 {
		t.Fatalf("%d agencies pending after inserts alone", p)
	}
	before := count(announcedQ)

	n, err := db.RecomputeCreditScores(ctx, end, credit.CurrentScoreParams())
	if err != nil {
		t.Fatal(err)
	}
	moved := count(staleQ)
	if n < agencies/2 || moved < 2 {
		t.Fatalf("recompute changed %d profiles, %d scores moved: the history is too quiet to test", n, moved)
	}
	if got := count(announcedQ) - before; got != 0 {
		t.Errorf("the recompute itself announced %d search documents", got)
	}
	if p := count(pendingQ); p != n {
		t.Errorf("%d agencies pending after a recompute that changed %d profiles", p, n)
	}
	if x := count(`SELECT count(*) FROM agency_profiles p JOIN search_agencies s ON s.agency_id = p.account_id
		WHERE (s.credit_score, s.credit_grade) <> (p.credit_score, p.credit_grade)
		  AND p.account_id NOT IN (SELECT agency_id FROM credit_search_pending)`); x != 0 {
		t.Errorf("%d stale documents not recorded as pending", x)
	}

	// One of the stale documents is rebuilt by a single profile change.
	var first int64
	if err := db.SQL().QueryRow(`SELECT min(p.account_id) FROM agency_profiles p JOIN search_agencies s ON s.agency_id = p.account_id
		WHERE (s.credit_score, s.credit_grade) <> (p.credit_score, p.credit_grade)`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	creditExec(t, db.SQL(), "UPDATE agency_profiles SET credit_score = credit_score + 1 WHERE account_id = $1", first)
	if got := count(staleQ); got != moved-1 {
		t.Fatalf("a single profile change left %d stale documents, want %d", got, moved-1)
	}
	announced := count(announcedQ)

	rebuilt, batches := 0, 0
	for {
		rows, more, err := m.RefreshCreditSearchBatch(ctx, db, end)
		if err != nil {
			t.Fatal(err)
		}
		if rows > credit.SearchBatch {
			t.Fatalf("one batch rebuilt %d documents", rows)
		}
		rebuilt += rows
		batches++
		if !more {
			break
		}
	}
	if stale := count(staleQ); stale != 0 {
		t.Errorf("%d search documents keep the old score or grade after the refresh", stale)
	}
	if rebuilt != moved-1 {
		t.Errorf("the refresh rebuilt %d documents, want %d (those still stale)", rebuilt, moved-1)
	}
	if got := count(announcedQ) - announced; got != moved-1 {
		t.Errorf("%d search announcements for %d rebuilt documents", got, moved-1)
	}
	if p := count(pendingQ); p != 0 {
		t.Errorf("%d agencies still pending after %d batches", p, batches)
	}
	if rows, more, err := m.RefreshCreditSearchBatch(ctx, db, end); err != nil || rows != 0 || more {
		t.Errorf("a refresh with nothing pending: %d rows, more %v, %v", rows, more, err)
	}

	var id int64
	if err := db.SQL().QueryRow("SELECT min(account_id) FROM agency_profiles").Scan(&id); err != nil {
		t.Fatal(err)
	}
	creditExec(t, db.SQL(), "UPDATE agency_profiles SET credit_score = 3, credit_grade = 'D' WHERE account_id = $1", id)
	var score int
	var grade string
	if err := db.SQL().QueryRow("SELECT credit_score, credit_grade FROM search_agencies WHERE agency_id = $1", id).Scan(&score, &grade); err != nil {
		t.Fatal(err)
	}
	if score != 3 || grade != "D" {
		t.Errorf("a single profile change left its document at %d/%s", score, grade)
	}
}

// TestCredit_RefreshBatchesAreFull: with more agencies pending than a
// batch holds, the job reports more until the pending set is empty, each
// batch taking at most credit.SearchBatch ids.
func TestCredit_RefreshBatchesAreFull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.DefaultPeriods())
	const pending = credit.SearchBatch + 5
	creditExec(t, db.SQL(), "INSERT INTO credit_search_pending (agency_id) SELECT g FROM generate_series(1, $1) g", pending)
	var left int
	for i, wantMore := range []bool{true, false} {
		_, more, err := m.RefreshCreditSearchBatch(ctx, db, creditEpoch)
		if err != nil {
			t.Fatal(err)
		}
		if more != wantMore {
			t.Errorf("batch %d: more %v, want %v", i+1, more, wantMore)
		}
		if err := db.SQL().QueryRow("SELECT count(*) FROM credit_search_pending").Scan(&left); err != nil {
			t.Fatal(err)
		}
		if want := max(0, pending-(i+1)*credit.SearchBatch); left != want {
			t.Errorf("after batch %d: %d pending, want %d", i+1, left, want)
		}
	}
}

// BenchmarkCreditRecompute times the full recompute of
// CREDIT_SCALE_AGENCIES agencies (10k when unset) with twenty events each,
// every profile changing (and recorded as pending) in every round; it
// reports agencies/s and x-read, the recompute's time over that of the
// per-agency sums alone (storage.CreditSumsSQL) in the same rounds.
//
//	CREDIT_SCALE_AGENCIES=100000 go test ./storage -run '^$' -bench CreditRecompute -benchtime 3x -timeout 30m
func BenchmarkCreditRecompute(b *testing.B) {
	agencies := 10_000
	if os.Getenv("CREDIT_SCALE_AGENCIES") != "" {
		agencies = creditScaleAgencies(b)
	}
	ctx := context.Background()
	db := storagetest.MustOpen(b)
	const days = 4 * 365
	end := creditEpoch.AddDate(0, 0, days+1)
	start := time.Now()
	bulkAgenciesUnindexed(b, db, agencies)
	bulkEvents(b, db, creditEventsPerAgency*agencies, days, end)
	bulkRepairs(b, db)
	creditExec(b, db.SQL(), "ANALYZE")
	if _, err := db.RecomputeCreditScores(ctx, end, credit.CurrentScoreParams()); err != nil {
		b.Fatal(err)
	}
	b.Logf("setup of %d agencies / %d events: %s", agencies, creditEventsPerAgency*agencies, time.Since(start))
	var read time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		shiftCreditScores(b, db)
		read += timeCreditSums(b, db, end)
		b.StartTimer()
		n, err := db.RecomputeCreditScores(ctx, end, credit.CurrentScoreParams())
		if err != nil {
			b.Fatal(err)
		}
		if n != agencies {
			b.Fatalf("recompute changed %d of %d profiles", n, agencies)
		}
	}
	b.ReportMetric(float64(agencies)*float64(b.N)/b.Elapsed().Seconds(), "agencies/s")
	// The recompute as a multiple of its unavoidable read (the per-agency
	// sums alone), both timed in every round: the figure to compare across
	// machines and loads.
	b.ReportMetric(b.Elapsed().Seconds()/read.Seconds(), "x-read")
}

// timeCreditSums times storage.CreditSumsSQL with the recompute's work_mem.
func timeCreditSums(tb testing.TB, db *storage.DB, end time.Time) time.Duration {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL work_mem = '64MB'"); err != nil {
		tb.Fatal(err)
	}
	var n, sum int64
	t0 := time.Now()
	if err := tx.QueryRowContext(ctx, storage.CreditSumsSQL, end).Scan(&n, &sum); err != nil {
		tb.Fatal(err)
	}
	return time.Since(t0)
}

// TestCredit_RecomputeCountsRepairsAsTheRuleSays: the full recompute reads
// a granted repair's points through effectivePointsOverAll (a hashed test
// for the repaired events in front of effectivePoints). Over enough events
// for PostgreSQL to hash that test, every agency's recomputed points equal
// the sum of effectivePoints, the rule as the per-agency queries apply it,
// with repairs granted, pending and absent.
func TestCredit_RecomputeCountsRepairsAsTheRuleSays(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	const agencies, days = 2000, 4 * 365
	end := creditEpoch.AddDate(0, 0, days+1)
	bulkAgenciesUnindexed(t, db, agencies)
	bulkEvents(t, db, creditEventsPerAgency*agencies, days, end)
	bulkRepairs(t, db)
	creditExec(t, db.SQL(), "ANALYZE")
	count := func(q string, args ...any) (n int) {
		t.Helper()
		if err := db.SQL().QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Repairs that change what counts: granted on unexpired, unvoided events.
	if n := count(`SELECT count(*) FROM credit_repairs r JOIN credit_events e ON e.id = r.event_id
		WHERE r.status = 'granted' AND r.effective_points <> e.points AND (e.expires_at IS NULL OR e.expires_at > $1)
		  AND `+storage.Unvoided, end); n < 10 {
		t.Fatalf("only %d granted repairs change a counted event: the world is too small to test", n)
	}
	// One JSON document: the plan's expressions are in its Output lists.
	var plan string
	if err := db.SQL().QueryRow("EXPLAIN (VERBOSE, FORMAT JSON) "+storage.CreditSumsSQL, end).Scan(&plan); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "hashed SubPlan") {
		t.Fatalf("the recompute's read does not hash the repaired events here, so this test checks nothing new:\n%s", plan)
	}

	if _, err := db.RecomputeCreditScores(ctx, end, credit.CurrentScoreParams()); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM agency_profiles p LEFT JOIN (
			SELECT e.agency_id, sum(`+storage.EffectivePoints+`) AS points FROM credit_events e
			WHERE e.points <> 0 AND (e.expires_at IS NULL OR e.expires_at > $1) AND `+storage.Unvoided+`
			GROUP BY e.agency_id) t ON t.agency_id = p.account_id
		WHERE p.credit_points <> coalesce(t.points, 0)`, end); n != 0 {
		t.Errorf("%d agencies recomputed to other points than the sum of their events' effective points", n)
	}
}
