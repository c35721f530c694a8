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
