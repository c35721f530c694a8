package storage_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// seedBiddingProject writes, set-based, one lowest-price project in bidding
// with nBids submitted bids from as many agencies; every tenth agency no
// longer offers the item, so its bid turns invalid at the close. It
// returns the project's ID and its close.
func seedBiddingProject(tb testing.TB, db *storage.DB, nBids int) (int64, time.Time) {
	tb.Helper()
	ctx := context.Background()
	var id int64
	var closes time.Time
	err := db.SQL().QueryRowContext(ctx, `WITH
		item AS (SELECT code FROM catalogue_items WHERE status = 'retained' AND qualification IS NULL ORDER BY code LIMIT 1),
		owner AS (INSERT INTO accounts (role, name, uscc, email, password_hash) VALUES ('enterprise', '某制造有限公司', '920000000000000000', 'close-owner@example.cn', 'x') RETURNING id)
		INSERT INTO projects (owner_id, title, description, item_code, region, funding, method, bidding_closes_at, closes_at,
			service_days, min_bids, status, published_at, created_at)
		SELECT owner.id, '污水处理厂提标改造环境影响评价', '负载', item.code, '湖北省武汉市', 'self', 'lowest_price',
			clock_timestamp() + interval '1 hour', clock_timestamp() + interval '1 hour', 30, 1, 'bidding', clock_timestamp(), clock_timestamp()
		FROM owner, item RETURNING id, closes_at`).Scan(&id, &closes)
	if err != nil {
		tb.Fatalf("seed project: %v", err)
	}
	// The rows are written with the row triggers off (search documents
	// per account would take minutes for 10,000 agencies); the bids are
	// before the deadline by construction.
	tx, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []struct {
		sql string
		arg any
	}{
		{`SET LOCAL session_replication_role = replica`, nil},
		{`INSERT INTO accounts (role, name, uscc, email, password_hash)
			SELECT 'agency', '环境咨询有限公司' || i, '91' || lpad(i::text, 16, '0'), 'close-a' || i || '@example.cn', 'x' FROM generate_series(1, $1::int) i`, nBids},
		{`INSERT INTO agency_items (agency_id, item_code)
			SELECT a.id, p.item_code FROM accounts a, projects p WHERE p.id = $1 AND a.role = 'agency' AND a.id % 10 <> 0`, id},
		{`INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status, submitted_at, updated_at)
			SELECT $1::bigint, a.id, 9000000 + a.id, '方案', 30, 'submitted', clock_timestamp(), clock_timestamp()
			FROM accounts a WHERE a.role = 'agency'`, id},
	} {
		args := []any{q.arg}
		if q.arg == nil {
			args = nil
		}
		if _, err := tx.ExecContext(ctx, q.sql, args...); err != nil {
			tb.Fatalf("seed %d bids: %v", nBids, err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `ANALYZE bids`); err != nil {
		tb.Fatal(err)
	}
	return id, closes
}

// closeCounting closes every due project at now in one transaction and
// returns how many statements that sent.
func closeCounting(tb testing.TB, db *storage.DB, now time.Time) int64 {
	tb.Helper()
	return closeCountingN(tb, db, now, 1)
}

// closeCountingN is closeCounting for want due projects.
func closeCountingN(tb testing.TB, db *storage.DB, now time.Time, want int) int64 {
	tb.Helper()
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	before := db.Statements()
	err := db.InTx(context.Background(), func(s domain.Store) error {
		n, err := m.CloseBiddingJob(context.Background(), s, now)
		if err == nil && n != want {
			err = fmt.Errorf("closed %d projects, want %d", n, want)
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return db.Statements() - before
}

// TestClose_StatementsDoNotGrowWithBids: a close judges and settles its
// bids as a set, so a project with 300 bids costs the statements of one
// with 3, and every bid is settled by the eligibility rule.
func TestClose_StatementsDoNotGrowWithBids(t *testing.T) {
	t.Parallel()
	counts := map[int]int64{}
	for _, n := range []int{3, 300} {
		db := storagetest.MustOpen(t)
		id, closes := seedBiddingProject(t, db, n)
		counts[n] = closeCounting(t, db, closes.Add(time.Second))
		var status string
		var valid, invalid, wrongReason int
		err := db.SQL().QueryRow(`SELECT p.status,
			count(*) FILTER (WHERE b.status = 'valid'), count(*) FILTER (WHERE b.status = 'invalid'),
			count(*) FILTER (WHERE b.status = 'invalid' AND b.invalid_reason <> $2)
			FROM projects p JOIN bids b ON b.project_id = p.id WHERE p.id = $1 GROUP BY p.status`,
			id, market.IneligibleItem).Scan(&status, &valid, &invalid, &wrongReason)
		if err != nil {
			t.Fatal(err)
		}
		var wantInvalid int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM accounts WHERE role = 'agency' AND id % 10 = 0`).Scan(&wantInvalid); err != nil {
			t.Fatal(err)
		}
		if status != market.ProjectEvaluating || valid != n-wantInvalid || invalid != wantInvalid || wrongReason != 0 {
			t.Errorf("%d bids: project %s, %d valid, %d invalid (want %d), %d with another reason",
				n, status, valid, invalid, wantInvalid, wrongReason)
		}
	}
	if counts[300] != counts[3] {
		t.Errorf("closing with 300 bids sent %d statements, with 3 bids %d: statements grow with the bids", counts[300], counts[3])
	}
}

// TestClose_StatementsDoNotGrowWithProjects: the projects due in the same
// second close as one batch of sets, so twenty projects cost the
// statements of one, and each is closed as it would be alone (its own bids
// judged, its own audit row with its own counts).
func TestClose_StatementsDoNotGrowWithProjects(t *testing.T) {
	t.Parallel()
	counts := map[int]int64{}
	for _, k := range []int{1, 20} {
		db := storagetest.MustOpen(t)
		id, closes := seedBiddingProject(t, db, 30)
		if _, err := db.SQL().Exec(`WITH ins AS (INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
				bidding_closes_at, closes_at, service_days, min_bids, status, published_at, created_at)
			SELECT owner_id, title || g, description, item_code, region, funding, method, bidding_closes_at, closes_at,
				service_days, min_bids, status, published_at, created_at FROM projects, generate_series(2, $2) g WHERE id = $1 RETURNING id)
			INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status, submitted_at, updated_at)
			SELECT ins.id, b.agency_id, b.price_fen, b.proposal, b.service_days, b.status, b.submitted_at, b.updated_at
			FROM ins, bids b WHERE b.project_id = $1`, id, k); err != nil {
			t.Fatal(err)
		}
		counts[k] = closeCountingN(t, db, closes.Add(time.Second), k)
		var wantInvalid int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM accounts WHERE role = 'agency' AND id % 10 = 0`).Scan(&wantInvalid); err != nil {
			t.Fatal(err)
		}
		var right, audits int
		if err := db.SQL().QueryRow(`SELECT count(*) FROM (SELECT p.id FROM projects p JOIN bids b ON b.project_id = p.id
				WHERE p.status = 'evaluating' AND p.closed_at IS NOT NULL GROUP BY p.id
				HAVING count(*) FILTER (WHERE b.status = 'valid') = $1 AND count(*) FILTER (WHERE b.status = 'invalid') = $2) x`,
			30-wantInvalid, wantInvalid).Scan(&right); err != nil {
			t.Fatal(err)
		}
		if err := db.SQL().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'project.closed'
				AND summary::jsonb->>'valid_bids' = $1 AND summary::jsonb->>'invalid_bids' = $2`,
			fmt.Sprint(30-wantInvalid), fmt.Sprint(wantInvalid)).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		if right != k || audits != k {
			t.Errorf("%d projects: %d closed with their own bids judged, %d audit rows with their counts", k, right, audits)
		}
	}
	if counts[20] != counts[1] {
		t.Errorf("closing 20 projects sent %d statements, 1 project %d: statements grow with the projects", counts[20], counts[1])
	}
}

// BenchmarkCloseProject10kBids times the close of one project holding
// 10,000 submitted bids (docs/performance.md); each iteration seeds a
// database of its own outside the timer.
func BenchmarkCloseProject10kBids(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storagetest.MustOpen(b)
		_, closes := seedBiddingProject(b, db, 10000)
		b.StartTimer()
		closeCounting(b, db, closes.Add(time.Second))
	}
}

// TestClose_NotSkippedForReferencingRows: a transaction that only
// references a due project (a notification or reminder row: the foreign
// key check holds FOR KEY SHARE until it commits) does not make the close
// skip the project; a bid, which holds it FOR SHARE, still does.
func TestClose_NotSkippedForReferencingRows(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	id, closes := seedBiddingProject(t, db, 3)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	closeWhileLocked := func(lock string) int {
		t.Helper()
		ctx := context.Background()
		holder, err := db.SQL().BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Rollback()
		if _, err := holder.ExecContext(ctx, "SELECT 1 FROM projects WHERE id = $1 "+lock, id); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.InTx(ctx, func(s domain.Store) (err error) {
			n, err = m.CloseBiddingJob(ctx, s, closes.Add(time.Second))
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := closeWhileLocked("FOR SHARE"); n != 0 {
		t.Fatalf("closed %d projects while a bid held the row FOR SHARE; want it skipped", n)
	}
	if n := closeWhileLocked("FOR KEY SHARE"); n != 1 {
		t.Errorf("closed %d projects while a referencing row held it FOR KEY SHARE; want 1", n)
	}
}

// TestClose_SearchDocumentsFollowInTheRefreshJob: a close leaves the
// closed projects' search documents to refresh_project_search (migration
// 00400), which brings them up to the project's status with their outbox
// rows; a change of a project that is not a close still rebuilds its
// document at once.
func TestClose_SearchDocumentsFollowInTheRefreshJob(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	id, closes := seedBiddingProject(t, db, 3)
	docStatus := func() string {
		var s string
		if err := db.SQL().QueryRow(`SELECT status FROM search_projects WHERE project_id = $1`, id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	closeCounting(t, db, closes.Add(time.Second))
	if s := docStatus(); s != market.ProjectBidding {
		t.Errorf("right after the close the document says %s, want it left to the job (bidding)", s)
	}
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	var n int
	if err := db.InTx(ctx, func(s domain.Store) (err error) {
		n, _, err = m.RefreshProjectSearchBatch(ctx, s, closes)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if s := docStatus(); n != 1 || s != market.ProjectEvaluating {
		t.Errorf("the job rebuilt %d documents; the document says %s, want 1 and evaluating", n, s)
	}
	var pending, announced int
	if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM project_search_pending),
		(SELECT count(*) FROM outbox WHERE topic = 'search' AND entity = 'project' AND entity_id = $1)`, id).Scan(&pending, &announced); err != nil {
		t.Fatal(err)
	}
	if pending != 0 || announced == 0 {
		t.Errorf("after the job: %d pending, %d outbox rows for the project", pending, announced)
	}
	// Any other change, in a transaction of its own, rebuilds at once.
	if _, err := db.SQL().Exec(`UPDATE projects SET title = '污水处理厂提标改造环境影响评价（二期）' WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	var title string
	if err := db.SQL().QueryRow(`SELECT title FROM search_projects WHERE project_id = $1`, id).Scan(&title); err != nil || title != "污水处理厂提标改造环境影响评价（二期）" {
		t.Errorf("after a title change the document says %q (%v)", title, err)
	}
}

// TestClose_PlansWithoutJIT: the close reads the facts of every submitted
// bid in one statement, whose estimated cost grows with the bids until
// PostgreSQL compiles it (JIT) at each run: 0.64 s of the 0.79 s that
// statement took for 10,000 bids, and 0.19 s against 0.84–1.10 s for the
// whole close (docs/performance.md). The close's transaction runs with
// jit off, and the setting ends with it.
func TestClose_PlansWithoutJIT(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	_, closes := seedBiddingProject(t, db, 3)
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.DefaultPeriods())
	setting := func() string {
		t.Helper()
		var v string
		if err := db.SQL().QueryRow("SELECT current_setting('jit')").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := setting()
	if before != "on" {
		t.Fatalf("this server's jit is %s by default: the test needs PostgreSQL's default, on, to show the close turns it off", before)
	}
	err := db.InTx(ctx, func(s domain.Store) error {
		if n, err := m.CloseBiddingJob(ctx, s, closes.Add(time.Second)); err != nil || n != 1 {
			return fmt.Errorf("closed %d projects (%v), want 1", n, err)
		}
		_, inClose, err := s.(*storage.DB).SearchSessionSetting(ctx, "jit")
		if err == nil && inClose != "off" {
			t.Errorf("the close's transaction runs with jit = %s", inClose)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// database/sql lends the connection returned last first: the close's.
	if after := setting(); after != before {
		t.Errorf("jit is %s after the close, %s before: the close's setting outlived its transaction", after, before)
	}
}
