package storage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// seedQueueAgency registers agency number i with its profile and one
// service item, its search document built at the commit, and returns its
// ID.
func seedQueueAgency(tb testing.TB, db *storage.DB, i int) int64 {
	tb.Helper()
	var id int64
	err := db.SQL().QueryRowContext(context.Background(), `WITH
		item AS (SELECT code FROM catalogue_items WHERE status = 'retained' ORDER BY code LIMIT 1),
		a AS (INSERT INTO accounts (role, name, uscc, email, password_hash)
			VALUES ('agency', '某测绘有限公司' || $1, '91000000000000' || lpad($1, 4, '0'), 'queue-agency' || $1 || '@example.cn', 'x') RETURNING id),
		p AS (INSERT INTO agency_profiles (account_id, description) SELECT id, '原来的机构简介' FROM a),
		i AS (INSERT INTO agency_items (agency_id, item_code) SELECT a.id, item.code FROM a, item)
		SELECT id FROM a`, fmt.Sprint(i)).Scan(&id)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// lagBehindRecompute leaves the agencies as a full recompute does: their
// documents' scores behind their profiles', and pending for the refresh.
func lagBehindRecompute(tb testing.TB, db *storage.DB, ids ...int64) {
	tb.Helper()
	for _, id := range ids {
		for _, q := range []string{
			`UPDATE search_agencies SET credit_score = credit_score - 10 WHERE agency_id = $1`,
			`INSERT INTO credit_search_pending (agency_id) VALUES ($1)`,
		} {
			if _, err := db.SQL().Exec(q, id); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// refreshCredit runs one batch of the credit refresh of up to lim
// agencies, given 30 s.
func refreshCredit(tb testing.TB, db *storage.DB, lim int) (taken, rebuilt int) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := db.SQL().QueryRowContext(ctx, `SELECT taken, rebuilt FROM search_refresh_pending_credit($1)`, lim).Scan(&taken, &rebuilt); err != nil {
		tb.Fatalf("the credit refresh: %v", err)
	}
	return taken, rebuilt
}

// docMatchesProfile reports whether the agency's search document has its
// profile's description and credit score.
func docMatchesProfile(tb testing.TB, db *storage.DB, id int64) string {
	tb.Helper()
	var doc, profile string
	if err := db.SQL().QueryRow(`SELECT s.description || ' ' || s.credit_score, p.description || ' ' || p.credit_score
		FROM search_agencies s JOIN agency_profiles p ON p.account_id = s.agency_id WHERE s.agency_id = $1`, id).Scan(&doc, &profile); err != nil {
		tb.Fatal(err)
	}
	if doc != profile {
		return fmt.Sprintf("agency %d's document says %q, its profile %q", id, doc, profile)
	}
	return ""
}

// The credit refresh rebuilds the documents a full recompute left behind.
// An agency editing its profile meanwhile builds its document at its
// commit; the refresh used to read the profile before that commit, wait
// for the document, and overwrite it with the old profile. It now queues
// its batch as writers do (migration 00419): with a writer under way it
// gives the batch up, the batch stays pending, and the run after the
// writer's commit builds from what the writer committed. The edit's
// commit-time build is run here at once (SET CONSTRAINTS … IMMEDIATE), to
// hold the edit at that point.
func TestSearch_CreditRefreshLeavesAnAgencyEditToItsCommit(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	lagBehindRecompute(t, db, id)
	edit, _ := begin(t, db)
	if _, err := edit.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := edit.Exec(`SET CONSTRAINTS search_agency_at_commit IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if taken, rebuilt := refreshCredit(t, db, 10); taken != 0 || rebuilt != 0 {
		t.Errorf("with the agency's edit under way the refresh took %d and rebuilt %d, want the batch left pending", taken, rebuilt)
	}
	if err := edit.Commit(); err != nil {
		t.Fatal(err)
	}
	if taken, _ := refreshCredit(t, db, 10); taken != 1 {
		t.Errorf("after the edit's commit the refresh took %d agencies, want 1", taken)
	}
	if msg := docMatchesProfile(t, db, id); msg != "" {
		t.Error(msg)
	}
	var queued, pending int
	if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM agency_search_queued), (SELECT count(*) FROM credit_search_pending)`).
		Scan(&queued, &pending); err != nil || queued != 0 || pending != 0 {
		t.Errorf("%d agencies left queued, %d pending (%v)", queued, pending, err)
	}
}

// A writer that queues several agencies in one transaction (a lifecycle
// batch recording credit events, the lifting of suspensions) may hold a
// higher one while it goes on to a lower one that the refresh's batch
// queued first. The refresh must not wait for it meanwhile: with 00417 it
// did, and the two deadlocked. Here the refresh gives its batch up at
// once, the writer then takes the lower agency without waiting, and the
// next run refreshes both.
func TestSearch_CreditRefreshDoesNotWaitForAWriterOfSeveralAgencies(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	low, high := seedQueueAgency(t, db, 1), seedQueueAgency(t, db, 2)
	lagBehindRecompute(t, db, low, high)
	writer, _ := begin(t, db)
	if _, err := writer.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, high); err != nil {
		t.Fatal(err)
	}
	if taken, _ := refreshCredit(t, db, 10); taken != 0 {
		t.Errorf("with a writer of one agency under way the refresh took %d, want its batch left pending", taken)
	}
	// Nothing of the refresh is left for the writer to wait for.
	if _, err := writer.Exec(`SET LOCAL lock_timeout = '5s'`); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, low); err != nil {
		t.Fatalf("the writer's second agency: %v", err)
	}
	if err := writer.Commit(); err != nil {
		t.Fatal(err)
	}
	if taken, _ := refreshCredit(t, db, 10); taken != 2 {
		t.Errorf("after the writer's commit the refresh took %d agencies, want 2", taken)
	}
	for _, id := range []int64{low, high} {
		if msg := docMatchesProfile(t, db, id); msg != "" {
			t.Error(msg)
		}
	}
}

// A writer under way holds back only the part of the refresh's batch its
// agency is in (parts of 100, migration 00420); with the whole batch given
// up (00419), one writer held open on a low agency stopped the refresh of
// every agency.
func TestSearch_CreditRefreshHeldBackOnlyInTheWritersPart(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	var ids []int64
	for i := 1; i <= 150; i++ {
		ids = append(ids, seedQueueAgency(t, db, i))
	}
	lagBehindRecompute(t, db, ids...)
	writer, _ := begin(t, db)
	if _, err := writer.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, ids[0]); err != nil {
		t.Fatal(err)
	}
	pending := func() int {
		var n int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM credit_search_pending`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if taken, _ := refreshCredit(t, db, 1000); taken != 50 || pending() != 100 {
		t.Errorf("with a writer of the first agency under way the refresh took %d and left %d pending; want the second part's 50 taken, the first part's 100 left", taken, pending())
	}
	if err := writer.Commit(); err != nil {
		t.Fatal(err)
	}
	if taken, _ := refreshCredit(t, db, 1000); taken != 100 || pending() != 0 {
		t.Errorf("after the writer's commit the refresh took %d and left %d pending; want 100 and none", taken, pending())
	}
	for _, id := range ids {
		if msg := docMatchesProfile(t, db, id); msg != "" {
			t.Error(msg)
			break
		}
	}
}

// The full recompute and the refresh of the previous one's changes: an
// agency still pending when the recompute changes its score again must be
// refreshed after the recompute commits. The recompute used to skip a
// pending agency's row (ON CONFLICT DO NOTHING); the refresh could then
// take it meanwhile, build from the old score, and leave the new one with
// nothing pending. It now locks the row, so the refresh leaves it.
func TestSearch_CreditRecomputeKeepsAPendingAgencyForTheRefreshAfterIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	// The previous recompute moved the profile to 90; its document, at 100,
	// is still pending. With no events the next recompute moves it to 100.
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`SET LOCAL session_replication_role = replica`,
		`UPDATE agency_profiles SET credit_score = 90, credit_points = -10 WHERE account_id = $1`,
		`INSERT INTO credit_search_pending (agency_id) VALUES ($1)`} {
		args := []any{id}
		if !strings.Contains(q, "$1") {
			args = nil
		}
		if _, err := tx.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	recomputed, release, done := make(chan error, 1), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.InTx(ctx, func(s domain.Store) error {
			_, err := s.RecomputeCreditScores(ctx, time.Now(), credit.CurrentScoreParams())
			recomputed <- err
			<-release
			return err
		})
	}()
	if err := <-recomputed; err != nil {
		t.Fatal(err)
	}
	// The refresh runs while the recompute is not yet committed.
	taken, _ := refreshCredit(t, db, 10)
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if taken != 0 {
		t.Errorf("the refresh took %d agencies the uncommitted recompute holds, want 0", taken)
	}
	refreshCredit(t, db, 10)
	if msg := docMatchesProfile(t, db, id); msg != "" {
		t.Error(msg)
	}
}
