package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/kernel"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// An owner renamed while the refresh job rebuilds the owner's project,
// just closed. The rename used to rebuild the project's document on the
// spot; the refresh, which had read the project before the rename
// committed, waited for that document and then overwrote it with the old
// name, until the project's next change. Since migration 00424 the rename
// marks the project for the refresh, which builds it after the rename's
// commit, and the refresh waits for no rename.
func TestSearch_OwnerRenameReachesAProjectTheRefreshBuilds(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ids := seedEvaluatingProjects(t, db, 1)
	if _, err := db.SQL().Exec(`INSERT INTO project_search_pending (project_id) VALUES ($1)`, ids[0]); err != nil {
		t.Fatal(err)
	}
	rename, renamePID := begin(t, db)
	if _, err := rename.Exec(`UPDATE accounts SET name = '某制造股份有限公司' WHERE email = 'sel-owner@example.cn'`); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		var taken, rebuilt int
		done <- db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt)
	}()
	waited := commitBehind(t, db, done, rename, renamePID)
	if waited {
		t.Error("the refresh waited for the rename")
	}
	var taken, rebuilt int
	if err := db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt); err != nil {
		t.Fatal(err)
	}
	var owner string
	if err := db.SQL().QueryRow(`SELECT owner_name FROM search_projects WHERE project_id = $1`, ids[0]).Scan(&owner); err != nil {
		t.Fatal(err)
	}
	if owner != "某制造股份有限公司" {
		t.Errorf("after the rename and the refresh, the project's document names its owner %q", owner)
	}
}

// A change of a project while the refresh holds its document: the
// writer's trigger waits for the refresh's commit before it builds (its
// wait is a statement of its own, so that the build's snapshot comes
// after it), and its change is in the document afterwards, never
// overwritten by the refresh's build of the project as it was. A
// statement trigger on the pending set, made by the test, holds the
// refresh after it has locked the documents.
func TestSearch_ProjectWriterBuildsAfterTheRefreshItWaitedFor(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ids := seedEvaluatingProjects(t, db, 1)
	setup, _ := begin(t, db)
	for _, q := range []string{
		`INSERT INTO project_search_pending (project_id) SELECT id FROM projects`,
		`CREATE FUNCTION test_hold_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN PERFORM pg_advisory_xact_lock_shared(4243); RETURN NULL; END $$`,
		`CREATE TRIGGER test_hold_refresh AFTER DELETE ON project_search_pending
			FOR EACH STATEMENT EXECUTE FUNCTION test_hold_refresh()`} {
		if _, err := setup.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := setup.Commit(); err != nil {
		t.Fatal(err)
	}
	gate, gatePID := begin(t, db)
	if _, err := gate.Exec(`SELECT pg_advisory_xact_lock(4243)`); err != nil {
		t.Fatal(err)
	}
	refreshed := make(chan error, 1)
	go func() {
		var taken, rebuilt int
		refreshed <- db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt)
	}()
	awaitLockWaits(t, db, refreshed, 1, "the refresh to lock the documents", blockedBy, gatePID)
	var refreshPID int
	if err := db.SQL().QueryRow(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, gatePID).Scan(&refreshPID); err != nil {
		t.Fatal(err)
	}
	written := make(chan error, 1)
	go func() {
		_, err := db.SQL().Exec(`UPDATE projects SET title = '厂区扩建环境影响评价（变更）' WHERE id = $1`, ids[0])
		written <- err
	}()
	awaitLockWaits(t, db, written, 1, "the change to wait for the refresh", blockedBy, refreshPID)
	if err := gate.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-refreshed; err != nil {
		t.Fatal(err)
	}
	if err := <-written; err != nil {
		t.Fatal(err)
	}
	var title string
	if err := db.SQL().QueryRow(`SELECT title FROM search_projects WHERE project_id = $1`, ids[0]).Scan(&title); err != nil {
		t.Fatal(err)
	}
	if title != "厂区扩建环境影响评价（变更）" {
		t.Errorf("after the change that waited for the refresh, the document's title is %q", title)
	}
}

// Documents the refresh must leave (their writers are under way) do not
// use up its batch: 00424 took the lowest pending rows first and then the
// documents it could lock, so writers holding the lowest batch's
// documents made every run take nothing, and the projects behind them
// waited. Since 00425 it takes pending rows together with their
// documents, both SKIP LOCKED.
func TestSearch_ProjectRefreshGoesPastDocumentsItMustLeave(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ids := seedEvaluatingProjects(t, db, 5)
	if _, err := db.SQL().Exec(`INSERT INTO project_search_pending (project_id) SELECT id FROM projects`); err != nil {
		t.Fatal(err)
	}
	writer, _ := begin(t, db)
	if _, err := writer.Exec(`UPDATE search_projects SET version = version WHERE project_id IN ($1, $2)`, ids[0], ids[1]); err != nil {
		t.Fatal(err)
	}
	var taken, rebuilt int
	if err := db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(2)`).Scan(&taken, &rebuilt); err != nil {
		t.Fatal(err)
	}
	if taken != 2 || rebuilt != 2 {
		t.Errorf("with the two lowest documents held, a batch of two took %d and rebuilt %d, want the next two", taken, rebuilt)
	}
	var left []int64
	rows, err := db.SQL().Query(`SELECT project_id FROM project_search_pending ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		left = append(left, id)
	}
	if want := []int64{ids[0], ids[1], ids[4]}; fmt.Sprint(left) != fmt.Sprint(want) {
		t.Errorf("pending after the batch: %v, want %v", left, want)
	}
}

// A project published while an administrator renames its item: the
// publication locks the item FOR KEY SHARE before it builds the document,
// and the rename locks it FOR UPDATE before it changes the name, so the
// rename waits for the publication's commit and then marks the project
// for the refresh. Before 00425 neither saw the other: the rename marked
// the item's projects from a snapshot without the publication, the
// publication built the document with the old name, and nothing was left
// pending.
func TestSearch_PublicationAndItemRenameAreOrdered(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ids := seedEvaluatingProjects(t, db, 1)
	var draft int64
	var code string
	if err := db.SQL().QueryRow(`INSERT INTO projects (owner_id, title, item_code, funding, method, bidding_closes_at, closes_at,
			service_days, min_bids, status)
		SELECT owner_id, '厂区扩建安全评价', item_code, funding, method, now() + interval '10 days', now() + interval '10 days',
			service_days, min_bids, 'draft' FROM projects WHERE id = $1 RETURNING id, item_code`, ids[0]).Scan(&draft, &code); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`UPDATE catalogue_items SET department = coalesce(nullif(department, ''), '生态环境部门'),
		legal_basis = coalesce(nullif(legal_basis, ''), '《中华人民共和国环境影响评价法》') WHERE code = $1`, code); err != nil {
		t.Fatal(err)
	}
	publish, publishPID := begin(t, db)
	if _, err := publish.Exec(`UPDATE projects SET status = 'bidding', published_at = now() WHERE id = $1`, draft); err != nil {
		t.Fatal(err)
	}
	renamed := renameItemBehind(t, db, code, publish, publishPID, "the publication")
	var taken, rebuilt int
	if err := db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt); err != nil {
		t.Fatal(err)
	}
	var name string
	if err := db.SQL().QueryRow(`SELECT item_name FROM search_projects WHERE project_id = $1`, draft).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != renamed {
		t.Errorf("after the publication, the rename and the refresh, the project's document names its item %q, want %q", name, renamed)
	}
}

// renameItemBehind renames catalogue item code as an administrator does
// (catalogue.Service.Update), checks that the rename waits for holder (a
// transaction on backend holderPID), commits holder, and answers the new
// name once the rename has committed.
func renameItemBehind(tb testing.TB, db *storage.DB, code string, holder *sql.Tx, holderPID int, what string) string {
	tb.Helper()
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	var before string
	if err := db.SQL().QueryRow(`SELECT name FROM catalogue_items WHERE code = $1`, code).Scan(&before); err != nil {
		tb.Fatal(err)
	}
	renamed := before + "（更名）"
	done := make(chan error, 1)
	go func() {
		_, err := m.Catalogue().Update(context.Background(), kernel.Actor{Role: kernel.RoleAdmin, Name: "平台管理员"}, code, catalogue.Patch{Name: &renamed})
		done <- err
	}()
	awaitLockWaits(tb, db, done, 1, "the rename to wait for "+what, blockedBy, holderPID)
	if err := holder.Commit(); err != nil {
		tb.Fatal(err)
	}
	if err := <-done; err != nil {
		tb.Fatal(err)
	}
	return renamed
}
