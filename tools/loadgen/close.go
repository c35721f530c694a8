package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"marketplace/tools/apiclient"
)

// closePhase measures how late projects close under bid load: it adds
// nOpen open sealed-bid projects set-based beside the world of setUp
// (copies of its first project), nClosing of them closing on whole seconds
// spread over one minute that starts at least lead after the set-up, runs
// clients sealed-bid clients on the world's projects and on the closing
// ones until that minute and a grace period have passed, then reads from
// the audit log how late each close came after its bidding_closes_at.
func closePhase(cs []*apiclient.Client, dsn string, w *world, nOpen, nClosing, clients int, lead time.Duration) error {
	if dsn == "" {
		return errors.New("-phase close needs -db (it writes the open projects and reads the audit log)")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	t := time.Now()
	lo, hi, err := insertOpenProjects(ctx, db, w.projects[0], nOpen)
	if err != nil {
		return fmt.Errorf("open projects: %w", err)
	}
	wrote := time.Since(t)
	// The minute is chosen once the rows exist, so that writing them never
	// eats into the lead; its first nClosing projects close at minute + 0…59 s.
	var minute time.Time
	if err := db.QueryRowContext(ctx, `SELECT date_trunc('minute', clock_timestamp() + $1::interval) + interval '1 minute'`,
		fmt.Sprintf("%d seconds", int(lead.Seconds()))).Scan(&minute); err != nil {
		return err
	}
	var closing []int64
	rows, err := db.QueryContext(ctx, `UPDATE projects SET bidding_closes_at = $3::timestamptz + ((id - $1) % 60) * interval '1 second',
			closes_at = $3::timestamptz + ((id - $1) % 60) * interval '1 second'
		WHERE id BETWEEN $1 AND $2 AND id < $1 + $4 RETURNING id`, lo, hi, minute, nClosing)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		closing = append(closing, id)
	}
	rows.Close()
	if _, err := db.ExecContext(ctx, "ANALYZE projects"); err != nil {
		return err
	}
	n := hi - lo + 1
	fmt.Printf("close phase: %d open projects written in %.1fs, %d close in the minute from %s\n",
		n, wrote.Seconds(), len(closing), minute.UTC().Format(time.TimeOnly))

	// Bid until the minute and a grace period have passed: half the bids
	// go to projects that close in the minute, so bids and closes meet on
	// the same rows; a bid after a close is refused (409), correctly.
	until := time.Until(minute.Add(time.Minute + 10*time.Second))
	bids := phase(clients, until, func(r *rand.Rand) error {
		a := w.agencies[r.IntN(len(w.agencies))]
		p := w.projects[r.IntN(len(w.projects))]
		if r.IntN(2) == 0 {
			p = closing[r.IntN(len(closing))]
		}
		price := fmt.Sprintf("%d.%02d", 1000+r.IntN(90000), r.IntN(100))
		// With several replicas each bid goes to one of them at random:
		// their schedulers race for the closes as the bids do for the rows.
		err := cs[r.IntN(len(cs))].Call("PUT", fmt.Sprintf("/api/v1/projects/%d/bids/mine", p), a, map[string]any{"price": price, "proposal": "负载测试投标方案", "service_days": 10}, nil)
		var he *apiclient.HTTPError
		if errors.As(err, &he) && he.Status == http.StatusConflict {
			return errRefused
		}
		return err
	})
	fmt.Printf("sealed bids meanwhile:   %s\n", bids)

	var late []float64
	rows, err = db.QueryContext(ctx, `SELECT extract(epoch FROM a.at - p.bidding_closes_at)::float8
		FROM audit_log a JOIN projects p ON a.subject_type = 'project' AND a.subject_id = p.id::text
		WHERE a.action = 'project.closed' AND p.id = ANY($1)`, closing)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s float64
		if err := rows.Scan(&s); err != nil {
			return err
		}
		late = append(late, s)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	slices.Sort(late)
	if len(late) == 0 {
		return errors.New("no project closed")
	}
	pct := func(p float64) float64 { return late[int(p*float64(len(late)-1))] }
	fmt.Printf("close lateness (audit at - bidding_closes_at): closed %d of %d  p50 %.3fs  p99 %.3fs  max %.3fs\n",
		len(late), len(closing), pct(.5), pct(.99), late[len(late)-1])
	return nil
}

// insertOpenProjects copies project id n times, in bidding and closing two
// days later, in one INSERT … SELECT with the row triggers off (as
// tools/gendata does; session_replication_role needs a superuser), then
// builds the copies' search documents in one ranged call. It returns the
// copies' ID range.
func insertOpenProjects(ctx context.Context, db *sql.DB, id int64, n int) (lo, hi int64, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
		return 0, 0, err
	}
	err = tx.QueryRowContext(ctx, `WITH ins AS (INSERT INTO projects (owner_id, title, description, item_code, region, funding, budget_code,
			method, bidding_closes_at, closes_at, service_days, min_bids, status, published_at, created_at, updated_at)
		SELECT p.owner_id, p.title || '（' || i || '）', p.description, p.item_code, p.region, p.funding, p.budget_code,
			p.method, clock_timestamp() + interval '2 days', clock_timestamp() + interval '2 days', p.service_days, p.min_bids,
			'bidding', p.published_at, p.created_at, clock_timestamp()
		FROM projects p, generate_series(1, $2::int) i WHERE p.id = $1 RETURNING id)
		SELECT min(id), max(id) FROM ins`, id, n).Scan(&lo, &hi)
	if err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = DEFAULT"); err != nil {
		return 0, 0, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT search_refresh_projects($1, $2, false)", lo, hi); err != nil {
		return 0, 0, err
	}
	return lo, hi, tx.Commit()
}
