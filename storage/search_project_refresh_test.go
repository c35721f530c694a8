package storage_test

import (
	"testing"

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
	var err error
	waited := doneOrBlocked(t, db, done, renamePID, &err)
	if waited {
		t.Error("the refresh waited for the rename")
	}
	if err := rename.Commit(); err != nil {
		t.Fatal(err)
	}
	if waited {
		err = <-done
	}
	if err != nil {
		t.Fatal(err)
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
