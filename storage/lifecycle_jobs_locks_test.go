package storage_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// seedEvaluatingProjects writes n lowest-price projects that closed an hour
// ago, each with one valid bid of the same agency, so that the selection
// job moves each of them to publicity with that agency awarded (a change
// of two of the search document's columns). It returns their IDs in
// ascending order.
func seedEvaluatingProjects(tb testing.TB, db *storage.DB, n int) []int64 {
	tb.Helper()
	ctx := context.Background()
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	// The project triggers are off for the insert and the documents built
	// in one ranged call after it, as the close leaves them to the refresh.
	for _, q := range []string{
		`SET LOCAL session_replication_role = replica`,
		`INSERT INTO accounts (role, name, uscc, email, password_hash) VALUES ('enterprise', '某制造有限公司', '920000000000000001', 'sel-owner@example.cn', 'x')`,
		`INSERT INTO accounts (role, name, uscc, email, password_hash) VALUES ('agency', '某环境咨询有限公司', '910000000000000001', 'sel-agency@example.cn', 'x')`,
		`INSERT INTO agency_profiles (account_id) SELECT id FROM accounts WHERE email = 'sel-agency@example.cn'`,
		`INSERT INTO projects (owner_id, title, item_code, funding, method, bidding_closes_at, closes_at, closed_at,
			service_days, min_bids, status, published_at)
		SELECT a.id, '厂区扩建环境影响评价' || i, (SELECT code FROM catalogue_items WHERE status = 'retained' ORDER BY code LIMIT 1),
			'self', 'lowest_price', now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour',
			30, 1, 'evaluating', now() - interval '3 hours'
		FROM generate_series(1, ` + fmt.Sprint(n) + `) i, accounts a WHERE a.email = 'sel-owner@example.cn'`,
		`INSERT INTO bids (project_id, agency_id, price_fen, service_days, status, submitted_at, updated_at)
		SELECT p.id, a.id, 5000000, 30, 'valid', now() - interval '2 hours', now() - interval '2 hours'
		FROM projects p, accounts a WHERE a.email = 'sel-agency@example.cn'`,
		`SET LOCAL session_replication_role = DEFAULT`,
		`SELECT search_refresh_projects(min(id), max(id), false) FROM projects`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			tb.Fatalf("seed: %v\n%s", err, q)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	var ids []int64
	rows, err := db.SQL().QueryContext(ctx, `SELECT id FROM projects ORDER BY id`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, id)
	}
	if len(ids) != n {
		tb.Fatalf("seeded %d projects, want %d", len(ids), n)
	}
	return ids
}

// begin opens a transaction on a connection of its own and answers its
// backend's process ID.
func begin(tb testing.TB, db *storage.DB) (*sql.Tx, int) {
	tb.Helper()
	tx, err := db.SQL().BeginTx(context.Background(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { tx.Rollback() })
	var pid int
	if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		tb.Fatal(err)
	}
	return tx, pid
}

// lockWaitTimeout bounds the waits below. The selection job works through
// a hundred projects statement by statement before it reaches the lock it
// is meant to wait on; in the full suite, with every package's tests on
// two cores, that took more than 30 s once.
const lockWaitTimeout = 3 * time.Minute

// slowScheduler is the standard scheduler with a run timeout of
// lockWaitTimeout, for the same reason.
func slowScheduler(m *domain.Marketplace) *jobs.Scheduler {
	s := jobs.New(m, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Second)
	s.Timeout = lockWaitTimeout
	return s
}

// awaitLockWaits waits until count answers n, failing at once if the
// job (or other work) running meanwhile ends on job (its error is the
// reason); a nil job is never heard from. Every test that waits for a
// backend to queue on a lock polls through it.
func awaitLockWaits(tb testing.TB, db *storage.DB, job <-chan error, n int, what, count string, args ...any) {
	tb.Helper()
	for deadline := time.Now().Add(lockWaitTimeout); ; time.Sleep(10 * time.Millisecond) {
		select {
		case err := <-job:
			tb.Fatalf("it ended (%v) before %s", err, what)
		default:
		}
		var got int
		if err := db.SQL().QueryRow(count, args...).Scan(&got); err != nil {
			tb.Fatal(err)
		}
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("waited %s for %s", lockWaitTimeout, what)
		}
	}
}

// blockedBy counts the backends that wait for a lock $1 (a backend's
// process ID) holds; lockWaiters, those that wait for any lock.
const (
	blockedBy   = `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND $1 = ANY (pg_blocking_pids(pid))`
	lockWaiters = `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`
)

// The selection job and the search refresh, in the order that deadlocked
// a replica in CI ("set project 42 status evaluating → publicity: deadlock
// detected"). The refresh rebuilds the documents of just-closed projects
// in ascending ID order; the selection job rebuilds a document with every
// status it changes. A close still held the lowest project, so the job's
// first batch took the next hundred, and its second batch, in the same
// transaction then, came back to the lowest one, whose document the
// refresh had rebuilt before it waited for one the job held. 00416 made
// the refresh lock its projects FOR SHARE first and wait for the job's
// change (it used to overwrite the job's document with the project as it
// had been, its awarded agency lost). Since 00424 it waits for nothing:
// it locks the documents of its batch SKIP LOCKED, builds those it holds,
// and leaves the one the job holds pending for its next run, which builds
// it from the project as changed. This test guards the refresh; the
// batches, which commit on their own since 1e726a9, have
// TestLifecycleJobs_EachBatchCommits.
func TestLifecycleJobs_SelectionAndSearchRefreshDoNotDeadlock(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	ids := seedEvaluatingProjects(t, db, domain.LifecycleBatchSize+1)
	lowest, next, last := ids[0], ids[1], ids[len(ids)-1]
	if _, err := db.SQL().Exec(`INSERT INTO project_search_pending (project_id) VALUES ($1), ($2)`, lowest, next); err != nil {
		t.Fatal(err)
	}

	// A close still holds the lowest project: the job's first batch skips it.
	closing, _ := begin(t, db)
	if _, err := closing.Exec(`SELECT 1 FROM projects WHERE id = $1 FOR UPDATE`, lowest); err != nil {
		t.Fatal(err)
	}
	// Another writer holds the last project's document, so that the job
	// stops inside its first batch until this test lets it go on.
	writer, writerPID := begin(t, db)
	if _, err := writer.Exec(`UPDATE search_projects SET version = version WHERE project_id = $1`, last); err != nil {
		t.Fatal(err)
	}

	sched := slowScheduler(m)
	selected := make(chan error, 1)
	var rows int
	go func() {
		r, err := sched.RunOnce(ctx, "select_results")
		if r != nil {
			rows = r.Rows
		}
		selected <- err
	}()
	awaitLockWaits(t, db, selected, 1, "the selection job to reach the last project's document", blockedBy, writerPID)
	if err := closing.Commit(); err != nil {
		t.Fatal(err)
	}

	// The refresh builds the lowest project's document and leaves the
	// next one, whose document the job holds, for its next run: it waits
	// for nothing (migration 00424; 00416's refresh waited for the job
	// here, and 00400's deadlocked with it).
	var jobPID int
	if err := db.SQL().QueryRow(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, writerPID).Scan(&jobPID); err != nil {
		t.Fatal(err)
	}
	refreshed := make(chan error, 1)
	var taken, rebuilt int
	go func() {
		refreshed <- db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt)
	}()
	var refreshErr error
	if doneOrBlocked(t, db, refreshed, jobPID, &refreshErr) {
		t.Fatal("the refresh waited for a document the selection job holds")
	}
	if refreshErr != nil {
		t.Fatalf("the search refresh: %v", refreshErr)
	}
	if taken != 1 || rebuilt != 1 {
		t.Errorf("the refresh took %d and rebuilt %d, want the lowest project only", taken, rebuilt)
	}
	if err := writer.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-selected; err != nil {
		t.Errorf("select_results: %v", err)
	}
	if err := db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt); err != nil {
		t.Fatal(err)
	}
	if taken != 1 {
		t.Errorf("the next refresh took %d, want the project left pending", taken)
	}
	// Whatever the job's first run left (a batch is skipped while another
	// transaction holds a project), the next run takes.
	again, err := sched.RunOnce(ctx, "select_results")
	if err != nil {
		t.Fatal(err)
	}
	if rows+again.Rows != len(ids) {
		t.Errorf("select_results moved %d projects, then %d; want %d in all", rows, again.Rows, len(ids))
	}
	var published, stale int
	if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM projects WHERE status = 'publicity' AND awarded_agency_id IS NOT NULL),
		(SELECT count(*) FROM projects p JOIN search_projects sp ON sp.project_id = p.id LEFT JOIN accounts aw ON aw.id = p.awarded_agency_id
		 WHERE (sp.status, sp.awarded_name) IS DISTINCT FROM (p.status, coalesce(aw.name, '')))`).Scan(&published, &stale); err != nil {
		t.Fatal(err)
	}
	if published != len(ids) || stale != 0 {
		t.Errorf("%d of %d projects in publicity with an awarded agency; %d search documents disagree with their project's status or awarded agency",
			published, len(ids), stale)
	}
}

// A lifecycle job commits each batch before it takes the next: while the
// job waits inside its second batch, the first batch's projects have moved
// for everyone. Locks are held a batch at a time, and a shutdown stops
// the job at a batch boundary with every finished batch kept.
func TestLifecycleJobs_EachBatchCommits(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	ids := seedEvaluatingProjects(t, db, domain.LifecycleBatchSize+1)
	// The second batch is the last project alone; its document is held.
	writer, writerPID := begin(t, db)
	if _, err := writer.Exec(`UPDATE search_projects SET version = version WHERE project_id = $1`, ids[len(ids)-1]); err != nil {
		t.Fatal(err)
	}
	sched := slowScheduler(m)
	selected := make(chan error, 1)
	go func() {
		_, err := sched.RunOnce(ctx, "select_results")
		selected <- err
	}()
	awaitLockWaits(t, db, selected, 1, "the selection job's second batch to reach the held document", blockedBy, writerPID)
	var moved int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM projects WHERE status <> 'evaluating'`).Scan(&moved); err != nil {
		t.Fatal(err)
	}
	if moved != domain.LifecycleBatchSize {
		t.Errorf("while the job waits in its second batch, %d projects have moved; want the first batch's %d committed", moved, domain.LifecycleBatchSize)
	}
	if err := writer.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := <-selected; err != nil {
		t.Fatal(err)
	}
}

// A catalogue item renamed must not hold its projects, or the close (FOR
// NO KEY UPDATE SKIP LOCKED) would skip them and close them late: 00415
// had every rebuild lock them. Since 00424 the rename rebuilds none of
// their documents: it marks them for the refresh job, which builds them
// once the rename has committed, and locks no project either.
func TestSearch_ItemRenameLeavesItsProjectsToTheClose(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ids := seedEvaluatingProjects(t, db, 5)
	rename, _ := begin(t, db)
	if _, err := rename.Exec(`UPDATE catalogue_items SET name = name || '（更名）'
		WHERE code = (SELECT item_code FROM projects WHERE id = $1)`, ids[0]); err != nil {
		t.Fatal(err)
	}
	var marked int
	if err := rename.QueryRow(`SELECT count(*) FROM project_search_renamed`).Scan(&marked); err != nil {
		t.Fatal(err)
	}
	if marked != len(ids) {
		t.Fatalf("the rename marked %d projects for the refresh, want %d", marked, len(ids))
	}
	var free int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM (SELECT id FROM projects FOR NO KEY UPDATE SKIP LOCKED) p`).Scan(&free); err != nil {
		t.Fatal(err)
	}
	if free != len(ids) {
		t.Errorf("while the rename is under way, %d of %d projects can be taken by a close", free, len(ids))
	}
	if err := rename.Commit(); err != nil {
		t.Fatal(err)
	}
	var taken, rebuilt, renamed int
	if err := db.SQL().QueryRow(`SELECT taken, rebuilt FROM search_refresh_pending_projects(10)`).Scan(&taken, &rebuilt); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT count(*) FROM search_projects WHERE item_name LIKE '%（更名）'`).Scan(&renamed); err != nil {
		t.Fatal(err)
	}
	if taken != len(ids) || rebuilt != len(ids) || renamed != len(ids) {
		t.Errorf("the refresh took %d and rebuilt %d; %d documents name the item as renamed; want %d each", taken, rebuilt, renamed, len(ids))
	}
}
