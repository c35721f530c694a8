package storage_test

import (
	"context"
	"database/sql"
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
	markRecomputed(t, db, id)
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

// doneOrBlocked waits until the statement running in the background ends
// (its error on done, kept in *err) or waits for a lock the backend pid
// holds, and says which came first.
func doneOrBlocked(tb testing.TB, db *storage.DB, done <-chan error, pid int, err *error) (blocked bool) {
	tb.Helper()
	for deadline := time.Now().Add(lockWaitTimeout); ; time.Sleep(10 * time.Millisecond) {
		select {
		case *err = <-done:
			return false
		default:
		}
		var n int
		if e := db.SQL().QueryRow(blockedBy, pid).Scan(&n); e != nil {
			tb.Fatal(e)
		}
		if n > 0 {
			return true
		}
		if time.Now().After(deadline) {
			tb.Fatalf("waited %s for the statement to end or to wait", lockWaitTimeout)
		}
	}
}

// commitBehind lets the statement running in the background (its error on
// done) run until it ends or waits for a lock held by holder, a
// transaction on backend holderPID; then commits holder, waits for the
// statement, and says whether it had waited.
func commitBehind(tb testing.TB, db *storage.DB, done <-chan error, holder *sql.Tx, holderPID int) (waited bool) {
	tb.Helper()
	var err error
	waited = doneOrBlocked(tb, db, done, holderPID, &err)
	if e := holder.Commit(); e != nil {
		tb.Fatal(e)
	}
	if waited {
		err = <-done
	}
	if err != nil {
		tb.Fatal(err)
	}
	return waited
}

// markRecomputed leaves the agency as the full recompute leaves a changed
// one: its profile at a new score, its document at the old, pending.
func markRecomputed(tb testing.TB, db *storage.DB, id int64) {
	tb.Helper()
	tx, _ := begin(tb, db)
	for _, q := range []string{`SET LOCAL search.defer_credit = 'on'`,
		`UPDATE agency_profiles SET credit_score = 90, credit_points = -10 WHERE account_id = ` + fmt.Sprint(id),
		`INSERT INTO credit_search_pending (agency_id) VALUES (` + fmt.Sprint(id) + `)`} {
		if _, err := tx.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

// An agency's writer under way while the credit refresh rebuilds its
// document: the writer here has built the document already (SET
// CONSTRAINTS ALL IMMEDIATE runs the build the commit would run) and
// commits while the refresh runs. The refresh used to read the profile
// first, wait for the writer's document and then overwrite it with the
// profile as it had been: the new description was lost until the agency's
// next change. Now the writer holds the document from its first change
// (migration 00422), and the refresh leaves that agency pending instead
// of waiting; the writer's commit builds it, and the next refresh finds
// nothing to change.
func TestSearch_CreditRefreshLeavesAnAgencyItsWriterHolds(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	markRecomputed(t, db, id)
	writer, writerPID := begin(t, db)
	for _, q := range []string{`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = ` + fmt.Sprint(id),
		`SET CONSTRAINTS ALL IMMEDIATE`} {
		if _, err := writer.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	var taken int
	go func() {
		done <- db.SQL().QueryRow(`SELECT taken FROM search_refresh_pending_credit(10)`).Scan(&taken)
	}()
	waited := commitBehind(t, db, done, writer, writerPID)
	if waited {
		t.Error("the refresh waited for the agency's writer")
	}
	if !waited && taken != 0 {
		t.Errorf("the refresh took %d agencies off the pending set while the writer held the only one", taken)
	}
	if taken, _ := refreshCredit(t, db, 10); !waited && taken != 1 {
		t.Errorf("the refresh after the writer's commit took %d agencies, want the one left pending", taken)
	}
	if msg := docMatchesProfile(t, db, id); msg != "" {
		t.Error(msg)
	}
}

// A catalogue item's rename and a profile edit of an agency offering it,
// both under way. The rename used to rebuild the agency's document on
// the spot; the writer's build, from a snapshot without the rename,
// waited for it and then wrote the old item name back, until the
// agency's next change. Now the rename leaves the agency pending for the
// credit refresh (migration 00422), which builds it after both commits.
func TestSearch_ItemRenameReachesAnAgencyEditedMeanwhile(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	rename, renamePID := begin(t, db)
	if _, err := rename.Exec(`UPDATE catalogue_items SET name = name || '（更名）'
		WHERE code = (SELECT item_code FROM agency_items WHERE agency_id = $1)`, id); err != nil {
		t.Fatal(err)
	}
	writer, _ := begin(t, db)
	done := make(chan error, 1)
	go func() {
		_, err := writer.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, id)
		if err == nil {
			_, err = writer.Exec(`SET CONSTRAINTS ALL IMMEDIATE`)
		}
		done <- err
	}()
	waited := commitBehind(t, db, done, rename, renamePID)
	if waited {
		t.Error("the agency's writer waited for the rename")
	}
	if err := writer.Commit(); err != nil {
		t.Fatal(err)
	}
	refreshCredit(t, db, 10)
	var names, description string
	if err := db.SQL().QueryRow(`SELECT item_names, description FROM search_agencies WHERE agency_id = $1`, id).Scan(&names, &description); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(names, "（更名）") || description != "新的机构简介" {
		t.Errorf("after the rename, the edit and the refresh, the document says items %q, description %q", names, description)
	}
}

// An agency pending with no search document (it was not an agency when
// the recompute marked it) gets one from a writer between the refresh's
// two statements, and a second writer is building it again when the
// refresh's build comes. The refresh took the agency off through "no
// document" without locking any; 00422 built it all the same, waited for
// the second writer and overwrote its document with the first one's.
// Since 00423 it builds only the documents it locked. A statement
// trigger on the pending set, made by the test, holds the refresh between
// its two statements.
func TestSearch_CreditRefreshBuildsOnlyTheDocumentsItLocked(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	markRecomputed(t, db, id)
	setup, _ := begin(t, db)
	for _, q := range []string{`SET LOCAL session_replication_role = replica`,
		`DELETE FROM search_agencies WHERE agency_id = ` + fmt.Sprint(id),
		`UPDATE credit_search_pending SET item_renamed = true`,
		`CREATE FUNCTION test_hold_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN PERFORM pg_advisory_xact_lock_shared(4242); RETURN NULL; END $$`,
		`CREATE TRIGGER test_hold_refresh AFTER DELETE ON credit_search_pending
			FOR EACH STATEMENT EXECUTE FUNCTION test_hold_refresh()`} {
		if _, err := setup.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := setup.Commit(); err != nil {
		t.Fatal(err)
	}
	gate, gatePID := begin(t, db)
	if _, err := gate.Exec(`SELECT pg_advisory_xact_lock(4242)`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		var taken int
		done <- db.SQL().QueryRow(`SELECT taken FROM search_refresh_pending_credit(10)`).Scan(&taken)
	}()
	awaitLockWaits(t, db, done, 1, "the refresh to finish its first statement", blockedBy, gatePID)
	if _, err := db.SQL().Exec(`UPDATE agency_profiles SET description = '第一次修改' WHERE account_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	second, secondPID := begin(t, db)
	for _, q := range []string{`UPDATE agency_profiles SET description = '第二次修改' WHERE account_id = ` + fmt.Sprint(id),
		`SET CONSTRAINTS ALL IMMEDIATE`} {
		if _, err := second.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := gate.Commit(); err != nil {
		t.Fatal(err)
	}
	waited := commitBehind(t, db, done, second, secondPID)
	if waited {
		t.Error("the refresh built a document it had not locked, and waited for its writer")
	}
	if msg := docMatchesProfile(t, db, id); msg != "" {
		t.Error(msg)
	}
}

// A catalogue item renamed by an administrator while an agency adds the
// item to its services: the rename locks the item's row before it
// changes the name (catalogue.Service.Update), and the agency's foreign
// key check holds the row FOR KEY SHARE, so the rename waits for the
// agency's commit and then marks the agency for the credit refresh. A
// bare UPDATE of the name would not wait, would not see the agency among
// the item's, and the agency's build would keep the old name.
func TestSearch_ItemRenameWaitsForAnAgencyAddingTheItem(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id := seedQueueAgency(t, db, 1)
	var code string
	if err := db.SQL().QueryRow(`SELECT code FROM catalogue_items WHERE status = 'retained'
		AND department <> '' AND legal_basis <> '' AND time_limit_days BETWEEN 1 AND 3650
		AND code NOT IN (SELECT item_code FROM agency_items WHERE agency_id = $1) ORDER BY code LIMIT 1`, id).Scan(&code); err != nil {
		t.Fatal(err)
	}
	adding, addingPID := begin(t, db)
	for _, q := range []string{`INSERT INTO agency_items (agency_id, item_code) VALUES (` + fmt.Sprint(id) + `, '` + code + `')`,
		`SET CONSTRAINTS ALL IMMEDIATE`} {
		if _, err := adding.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	renamed := renameItemBehind(t, db, code, adding, addingPID, "the agency adding the item")
	refreshCredit(t, db, 10)
	var names string
	if err := db.SQL().QueryRow(`SELECT item_names FROM search_agencies WHERE agency_id = $1`, id).Scan(&names); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(names, renamed) {
		t.Errorf("after the rename and the refresh, the agency's document names its items %q, without %q", names, renamed)
	}
}

// Documents the credit refresh must leave do not use up its batch: it
// takes pending agencies together with their documents, both SKIP LOCKED
// (migration 00425). Before, writers holding the documents of the lowest
// batch made every run take nothing.
func TestSearch_CreditRefreshGoesPastDocumentsItMustLeave(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	var ids []int64
	for i := 1; i <= 5; i++ {
		id := seedQueueAgency(t, db, i)
		markRecomputed(t, db, id)
		ids = append(ids, id)
	}
	writer, _ := begin(t, db)
	if _, err := writer.Exec(`UPDATE search_agencies SET version = version WHERE agency_id IN ($1, $2)`, ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	if taken, rebuilt := refreshCredit(t, db, 2); taken != 2 || rebuilt != 2 {
		t.Errorf("with the two lowest documents held, a batch of two took %d and rebuilt %d, want the next two", taken, rebuilt)
	}
	var left string
	if err := db.SQL().QueryRow(`SELECT string_agg(agency_id::text, ' ' ORDER BY agency_id) FROM credit_search_pending`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprint(ids[0], " ", ids[1], " ", ids[4]); left != want {
		t.Errorf("pending after the batch: %s, want %s", left, want)
	}
}
