package storage_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// seedQueueAgency registers an agency with its profile and one service
// item, its search document built at the commit, and returns its ID and
// the item's code.
func seedQueueAgency(tb testing.TB, db *storage.DB) (int64, string) {
	tb.Helper()
	var id int64
	var item string
	err := db.SQL().QueryRowContext(context.Background(), `WITH
		item AS (SELECT code FROM catalogue_items WHERE status = 'retained' ORDER BY code LIMIT 1),
		a AS (INSERT INTO accounts (role, name, uscc, email, password_hash)
			VALUES ('agency', '某测绘有限公司', '910000000000000009', 'queue-agency@example.cn', 'x') RETURNING id),
		p AS (INSERT INTO agency_profiles (account_id, description) SELECT id, '原来的机构简介' FROM a),
		i AS (INSERT INTO agency_items (agency_id, item_code) SELECT a.id, item.code FROM a, item)
		SELECT a.id, item.code FROM a, item`).Scan(&id, &item)
	if err != nil {
		tb.Fatal(err)
	}
	return id, item
}

// agencyDoc answers the agency's search document: description, credit
// score and service item names.
func agencyDoc(tb testing.TB, db *storage.DB, id int64) (desc string, score int, items string) {
	tb.Helper()
	if err := db.SQL().QueryRow(`SELECT description, credit_score, item_names FROM search_agencies WHERE agency_id = $1`, id).
		Scan(&desc, &score, &items); err != nil {
		tb.Fatal(err)
	}
	return desc, score, items
}

// The credit refresh rebuilds the documents a full recompute left behind.
// An agency that edits its profile meanwhile builds its document at its
// commit; the refresh used to read the agency before that commit, wait
// for the document, and overwrite it with the old profile. It now queues
// the agency as a writer does, so it waits for the edit's commit and
// reads after it (migration 00417). The edit's commit-time build is run
// here at once (SET CONSTRAINTS … IMMEDIATE) to hold the edit at that
// point.
func TestSearch_CreditRefreshWaitsForAnAgencyEdit(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id, _ := seedQueueAgency(t, db)
	// As the recompute leaves it: the document's score behind the profile's.
	for _, q := range []string{
		`UPDATE search_agencies SET credit_score = credit_score - 10 WHERE agency_id = $1`,
		`INSERT INTO credit_search_pending (agency_id) VALUES ($1)`,
	} {
		if _, err := db.SQL().Exec(q, id); err != nil {
			t.Fatal(err)
		}
	}
	edit, editPID := begin(t, db)
	if _, err := edit.Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if _, err := edit.Exec(`SET CONSTRAINTS search_agency_at_commit IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	refreshed := make(chan error, 1)
	go func() {
		var taken, rebuilt int
		refreshed <- db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_credit(10)`).Scan(&taken, &rebuilt)
	}()
	awaitLockWaits(t, db, refreshed, 1, "the credit refresh to wait for the agency's edit", blockedBy, editPID)
	if err := edit.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-refreshed; err != nil {
		t.Fatal(err)
	}
	var profile int
	if err := db.SQL().QueryRow(`SELECT credit_score FROM agency_profiles WHERE account_id = $1`, id).Scan(&profile); err != nil {
		t.Fatal(err)
	}
	if desc, score, _ := agencyDoc(t, db, id); desc != "新的机构简介" || score != profile {
		t.Errorf("the document says %q, score %d; want the edited description and the profile's score %d", desc, score, profile)
	}
	var queued int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM agency_search_queued`).Scan(&queued); err != nil || queued != 0 {
		t.Errorf("%d agencies left queued (%v)", queued, err)
	}
}

// A catalogue item renamed rebuilds the documents of the agencies that
// offer it. One of them editing its profile meanwhile used to wait at its
// commit for the document the rename held, then write it from what it
// had read before the rename committed: the item's old name. The rename
// now queues its agencies as any writer does (migration 00417).
func TestSearch_AgencyEditDuringAnItemRenameKeepsBoth(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id, item := seedQueueAgency(t, db)
	rename, renamePID := begin(t, db)
	if _, err := rename.Exec(`UPDATE catalogue_items SET name = name || '（更名）' WHERE code = $1`, item); err != nil {
		t.Fatal(err)
	}
	edited := make(chan error, 1)
	go func() {
		_, err := db.SQL().Exec(`UPDATE agency_profiles SET description = '新的机构简介' WHERE account_id = $1`, id)
		edited <- err
	}()
	awaitLockWaits(t, db, edited, 1, "the agency's edit to wait for the rename", blockedBy, renamePID)
	if err := rename.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-edited; err != nil {
		t.Fatal(err)
	}
	if desc, _, items := agencyDoc(t, db, id); desc != "新的机构简介" || !strings.Contains(items, "（更名）") {
		t.Errorf("the document says %q offering %q; want the edited description and the item's new name", desc, items)
	}
}
