package main

import (
	"context"
	"fmt"
	"log"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/storage"
)

// benchQueries are 20 representative searches: abbreviations, full item
// names, partial agency names, each with the filters people combine them
// with. Every one also runs as a naive ILIKE scan for comparison.
var benchQueries = []search.Input{
	{Q: "环评"},
	{Q: "环评", Region: "湖北省武汉市"},
	{Q: "地灾", Status: "bidding"},
	{Q: "地质灾害危险性评估", Sort: search.SortDeadline},
	{Q: "水保", Funding: "budget"},
	{Q: "土壤污染", Status: "completed"},
	{Q: "安评", Item: "NAT-15"},
	{Q: "社会稳定风险评估", Region: "湖南省长沙市"},
	{Q: "雷电灾害", Region: "湖北省宜昌市", Status: "bidding"},
	{Q: "污水处理厂"},
	{Q: "交通影响评价", Sort: search.SortDate},
	{Q: "可研", Status: "bidding"},
	{Q: "造价", Region: "浙江省杭州市"},
	{Q: "评估", Item: "NAT-19", Status: "bidding"},
	{Q: "文物 老城区"},
	{Q: "测绘", Type: search.Agencies},
	{Q: "绿源", Type: search.Agencies},
	{Q: "资产评估", Type: search.Agencies, Grade: "A"},
	{Q: "勘察", Type: search.Agencies, Region: "湖北省武汉市"},
	{Q: "水土保持", Type: search.Agencies, Item: "NAT-03"},
}

// naiveSQL is the same search as a plain scan: every word as ILIKE
// '%word%' over title and description (name and description for agencies),
// the same filters, newest (or best-rated) first, with the total.
func naiveSQL(in search.Input) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return fmt.Sprintf("$%d", len(args)) }
	if in.Type == search.Agencies {
		where = append(where, "a.role = 'agency'")
		for _, w := range strings.Fields(in.Q) {
			where = append(where, "(a.name || ' ' || ap.description) ILIKE '%' || "+arg(w)+" || '%'")
		}
		if in.Region != "" {
			where = append(where, "ap.region = "+arg(in.Region))
		}
		if in.Grade != "" {
			where = append(where, "ap.credit_grade = "+arg(in.Grade))
		}
		if in.Item != "" {
			where = append(where, "EXISTS (SELECT 1 FROM agency_items ai WHERE ai.agency_id = a.id AND ai.item_code = "+arg(in.Item)+")")
		}
		return "SELECT a.id, count(*) OVER () FROM accounts a JOIN agency_profiles ap ON ap.account_id = a.id WHERE " +
			strings.Join(where, " AND ") + " ORDER BY ap.credit_score DESC LIMIT 20", args
	}
	where = append(where, "p.status <> 'draft'")
	for _, w := range strings.Fields(in.Q) {
		where = append(where, "(p.title || ' ' || p.description) ILIKE '%' || "+arg(w)+" || '%'")
	}
	for col, v := range map[string]string{"region": in.Region, "status": in.Status, "funding": in.Funding, "item_code": in.Item} {
		if v != "" {
			where = append(where, "p."+col+" = "+arg(v))
		}
	}
	return "SELECT p.id, count(*) OVER () FROM projects p WHERE " + strings.Join(where, " AND ") +
		" ORDER BY p.published_at DESC LIMIT 20", args
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(float64(len(s))*p+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

// concurrentBench runs the benchmark queries from clients goroutines at
// once for d, each picking queries at random, and prints the throughput
// and the latency percentiles under that load.
func concurrentBench(ctx context.Context, m *domain.Marketplace, clients int, d time.Duration) error {
	var mu sync.Mutex
	var all []time.Duration
	var firstErr error
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			var mine []time.Duration
			for time.Now().Before(deadline) {
				in := benchQueries[r.IntN(len(benchQueries))]
				t := time.Now()
				if _, err := m.Searches().Search(ctx, in); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}(uint64(c))
	}
	wg.Wait()
	if firstErr != nil {
		return fmt.Errorf("concurrent bench: %w", firstErr)
	}
	fmt.Printf("\n%d concurrent clients for %s: %d searches, %.0f searches/s; latency p50 %s ms, p95 %s ms, p99 %s ms\n",
		clients, d, len(all), float64(len(all))/d.Seconds(), ms(pct(all, .5)), ms(pct(all, .95)), ms(pct(all, .99)))
	return nil
}

func runBench(ctx context.Context, db *storage.DB, reps, naiveReps int) error {
	m := domain.NewMarketplace(db, storage.DefaultHasher, domain.HourPeriods())
	var np, na int
	db.SQL().QueryRowContext(ctx, "SELECT (SELECT count(*) FROM projects), (SELECT count(*) FROM accounts WHERE role = 'agency')").Scan(&np, &na)
	fmt.Printf("\nsearch benchmark: %d projects, %d agencies, engine %s, %d reps (indexed) / %d reps (ILIKE)\n\n", np, na, db.SearchEngineName(), reps, naiveReps)
	fmt.Println("| # | query | filters | hits (exact) | total answered | indexed p50 ms | indexed p95 ms | exact-path p50 ms | ILIKE p50 ms | ILIKE hits | speed-up vs ILIKE |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	var all, allExact, allNaive []time.Duration
	// timed runs a query reps times after one warm-up run, with the given
	// exact-count limit (0: the default; 1<<30: always exact, the old path)
	timed := func(in search.Input, limit, reps int) ([]time.Duration, *search.Result, error) {
		db.SetSearchExactLimit(limit)
		defer db.SetSearchExactLimit(0)
		var ds []time.Duration
		var res *search.Result
		for r := 0; r <= reps; r++ { // the first run warms the cache and is not counted
			t := time.Now()
			var err error
			if res, err = m.Searches().Search(ctx, in); err != nil {
				return nil, nil, fmt.Errorf("bench %q: %w", in.Q, err)
			}
			if r > 0 {
				ds = append(ds, time.Since(t))
			}
		}
		return ds, res, nil
	}
	for i, in := range benchQueries {
		idx, res, err := timed(in, 0, reps)
		if err != nil {
			return err
		}
		// the exact path reads every match: as slow as the scan on broad
		// queries, so it runs as few times as the scan
		exact, exactRes, err := timed(in, 1<<30, naiveReps)
		if err != nil {
			return err
		}
		answered := fmt.Sprint(res.Total)
		if res.TotalIsEstimate {
			answered = fmt.Sprintf("~%d (est.)", res.Total)
		}
		hits := exactRes.Total
		allExact = append(allExact, exact...)
		sqlText, args := naiveSQL(in)
		naiveHits := 0
		var naive []time.Duration
		for r := 0; r <= naiveReps; r++ {
			t := time.Now()
			rows, err := db.SQL().QueryContext(ctx, sqlText, args...)
			if err != nil {
				return fmt.Errorf("bench naive %q: %w", in.Q, err)
			}
			for rows.Next() {
				var id int64
				rows.Scan(&id, &naiveHits)
			}
			rows.Close()
			if r > 0 {
				naive = append(naive, time.Since(t))
			}
		}
		all, allNaive = append(all, idx...), append(allNaive, naive...)
		filters := strings.TrimSpace(fmt.Sprintf("%s %s %s %s %s %s %s", in.Type, in.Item, in.Region, in.Status, in.Funding, in.Grade, in.Sort))
		fmt.Printf("| %d | %s | %s | %d | %s | %s | %s | %s | %s | %d | %.0f× |\n", i+1, in.Q, filters, hits, answered, ms(pct(idx, .5)), ms(pct(idx, .95)), ms(pct(exact, .5)), ms(pct(naive, .5)), naiveHits,
			float64(pct(naive, .5))/float64(max(pct(idx, .5), time.Microsecond)))
	}
	fmt.Printf("\n| all 20 queries | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|\n")
	fmt.Printf("| indexed, estimates above %d matches | %s | %s | %s |\n", storage.DefaultSearchExactLimit, ms(pct(all, .5)), ms(pct(all, .95)), ms(pct(all, .99)))
	fmt.Printf("| indexed, always exact | %s | %s | %s |\n", ms(pct(allExact, .5)), ms(pct(allExact, .95)), ms(pct(allExact, .99)))
	fmt.Printf("| naive ILIKE scan (no facets) | %s | %s | %s |\n", ms(pct(allNaive, .5)), ms(pct(allNaive, .95)), ms(pct(allNaive, .99)))
	fmt.Printf("\nspeed-up at p50: %.0f×, at p95: %.0f×\n", float64(pct(allNaive, .5))/float64(pct(all, .5)), float64(pct(allNaive, .95))/float64(pct(all, .95)))
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	var size string
	db.SQL().QueryRowContext(ctx, `SELECT pg_size_pretty(pg_total_relation_size('search_projects') + pg_total_relation_size('search_agencies'))`).Scan(&size)
	fmt.Printf("Go heap in use after the run: %.1f MB; search tables and indexes on disk: %s\n", float64(mem.HeapInuse)/1e6, size)
	log.Printf("benchmark done")
	return nil
}
