// Command loadgen drives the marketplace's bid endpoints over HTTP and, in
// the same run, the pgbench baselines of ../shared/bench (the machine's limit
// for the same SQL with no HTTP, JSON or Go), and prints both with their ratio.
// It sends traffic only to the server it is given (loopback by default),
// for a bounded time, and stops by itself.
//
//	go run ./tools/loadgen -url http://127.0.0.1:8080 -db postgres://postgres@127.0.0.1:5432/marketplace -bench ../shared/bench
//
// With -phase close it measures instead how late projects close at scale
// (100,000 open, 1,000 closing in one minute, 16 clients bidding; see
// close.go and docs/performance.md):
//
//	go run ./tools/loadgen -phase close -url http://127.0.0.1:8080 -db postgres://postgres@127.0.0.1:5432/marketplace
//
// -phase delivery measures webhook delivery instead: deliveries queued to
// a fast receiver in this process, timed until all have arrived (the
// server runs with WEBHOOK_ALLOW_PRIVATE=1; see delivery.go), then with
// -smtp e-mail through a local SMTP sink (the server's SMTP_ADDR):
//
//	go run ./tools/loadgen -phase delivery -url http://127.0.0.1:8080 -db postgres://postgres@127.0.0.1:5432/marketplace -smtp 127.0.0.1:2525
//
// The server must run with a short MARKET_MIN_BIDDING_WINDOW (e.g. 1s) so
// that the tool can publish its own projects.
package main

import (
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"marketplace/tools/apiclient"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "marketplace base URL (loopback); close phase: several, comma-separated, for replicas the bids are spread over")
	dsn := flag.String("db", "", "PostgreSQL URL for the pgbench baselines (empty: skip them)")
	bench := flag.String("bench", "../shared/bench", "folder of the pgbench baseline scripts")
	agencies := flag.Int("agencies", 64, "bidding agencies to register")
	projects := flag.Int("projects", 20, "sealed-bid projects to bid on")
	clients := flag.Int("c", 16, "concurrent clients")
	duration := flag.Duration("d", 20*time.Second, "duration of each load phase")
	phaseName := flag.String("phase", "bids", "bids: sealed and auction bid throughput with the pgbench baselines; close: close lateness at scale (needs -db); delivery: webhook delivery rate (needs -db)")
	open := flag.Int("open", 100000, "close phase: open projects to add")
	closing := flag.Int("closing", 1000, "close phase: how many of them close within one minute")
	lead := flag.Duration("lead", time.Minute, "close phase: least time between the set-up and that minute")
	hooks := flag.Int("webhooks", 50, "delivery phase: webhook endpoints")
	events := flag.Int("events", 20000, "delivery phase: deliveries queued")
	smtpAddr := flag.String("smtp", "", "delivery phase: also measure e-mail through a sink listening here (the server's SMTP_ADDR, e.g. 127.0.0.1:2525)")
	mails := flag.Int("mails", 5000, "delivery phase: e-mails queued (with -smtp)")
	flag.Parse()
	var err error
	switch *phaseName {
	case "close":
		err = runClose(*base, *dsn, *agencies, *projects, *clients, *open, *closing, *lead)
	case "delivery":
		var c *apiclient.Client
		if c, err = client(*base, *clients); err == nil {
			err = deliveryPhase(c, *dsn, *hooks, *events, *smtpAddr, *mails, 10*time.Minute)
		}
	default:
		err = run(*base, *dsn, *bench, *agencies, *projects, *clients, *duration)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// client returns an HTTP client for base, which must be on this machine.
func client(base string, clients int) (*apiclient.Client, error) {
	if u, err := url.Parse(base); err != nil || (u.Hostname() != "127.0.0.1" && u.Hostname() != "localhost" && u.Hostname() != "::1") {
		return nil, errors.New("-url must point at a server on this machine (127.0.0.1, localhost or ::1)")
	}
	return &apiclient.Client{Base: base, HTTP: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}}, nil
}

func runClose(bases, dsn string, nAgencies, nProjects, clients, nOpen, nClosing int, lead time.Duration) error {
	var cs []*apiclient.Client
	for _, base := range strings.Split(bases, ",") {
		c, err := client(strings.TrimSpace(base), clients)
		if err != nil {
			return err
		}
		cs = append(cs, c)
	}
	w, err := setUp(cs[0], nAgencies, nProjects)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	return closePhase(cs, dsn, w, nOpen, nClosing, clients, lead)
}

func run(base, dsn, bench string, nAgencies, nProjects, clients int, d time.Duration) error {
	c, err := client(base, clients)
	if err != nil {
		return err
	}
	w, err := setUp(c, nAgencies, nProjects)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	sealed := phase(clients, d, func(r *rand.Rand) error {
		a := w.agencies[r.IntN(len(w.agencies))]
		p := w.projects[r.IntN(len(w.projects))]
		price := fmt.Sprintf("%d.%02d", 1000+r.IntN(90000), r.IntN(100))
		return c.Call("PUT", fmt.Sprintf("/api/v1/projects/%d/bids/mine", p), a, map[string]any{"price": price, "proposal": "负载测试投标方案", "service_days": 10}, nil)
	})
	fmt.Printf("sealed bids over HTTP:   %s\n", sealed)
	// An auction accepts at most 199 undercuts of 0.5% from its ceiling, so
	// the phase spreads over several auctions and ends early when all are
	// spent. A client that draws a spent auction bids on the next one that
	// is not: only requests sent are counted and timed.
	prices := make([]atomic.Int64, len(w.auctions))
	for i := range prices {
		prices[i].Store(w.auctionCeilingFen)
	}
	auction := phase(clients, d, func(r *rand.Rand) error {
		a := w.agencies[r.IntN(len(w.agencies))]
		first := r.IntN(len(w.auctions))
		for i := range w.auctions {
			k := (first + i) % len(w.auctions)
			next := prices[k].Add(-w.auctionStepFen) // one step under the best this tool has tried
			if next <= w.auctionStepFen {
				continue // spent
			}
			err := c.Call("POST", fmt.Sprintf("/api/v1/projects/%d/auction/bids", w.auctions[k]), a,
				map[string]any{"price": fmt.Sprintf("%d.%02d", next/100, next%100)}, nil)
			var he *apiclient.HTTPError
			if errors.As(err, &he) && he.Status == http.StatusConflict {
				return errRefused // undercut by another client first: a correct refusal
			}
			return err
		}
		return errDone
	})
	fmt.Printf("auction bids over HTTP:  %s\n", auction)
	if dsn == "" {
		return nil
	}
	bid, err := pgbench(dsn, filepath.Join(bench, "bid_baseline_setup.sql"), "", filepath.Join(bench, "bid_baseline.sql"), clients, d)
	if err != nil {
		return err
	}
	auc, err := pgbench(dsn, filepath.Join(bench, "bid_baseline_setup.sql"), filepath.Join(bench, "auction_baseline_setup.sql"), filepath.Join(bench, "auction_baseline.sql"), clients, d)
	if err != nil {
		return err
	}
	fmt.Printf("pgbench bid baseline:     %.0f tx/s  machine CPU %.2f ms/tx   full stack = %.2f of the baseline\n", bid.tps, bid.cpuMS, sealed.rate()/bid.tps)
	fmt.Printf("pgbench auction baseline: %.0f tx/s  machine CPU %.2f ms/tx   full stack = %.2f of the baseline (accepted+refused)\n", auc.tps, auc.cpuMS, auction.rate()/auc.tps)
	return nil
}

var (
	errRefused = errors.New("refused")
	errDone    = errors.New("done")
)

// result summarises one load phase.
type result struct {
	ok, refused, failed int64
	elapsed             time.Duration
	latencies           []time.Duration
	// busy is the machine's CPU time over the phase (machineBusy).
	busy time.Duration
}

func (r result) rate() float64 { return float64(r.ok+r.refused) / r.elapsed.Seconds() }

func (r result) String() string {
	slices.Sort(r.latencies)
	pct := func(p float64) time.Duration {
		if len(r.latencies) == 0 {
			return 0
		}
		return r.latencies[int(p*float64(len(r.latencies)-1))]
	}
	return fmt.Sprintf("%7.0f req/s  ok %d  refused %d  failed %d  p50 %s  p95 %s  p99 %s  machine CPU %.2f ms/req",
		r.rate(), r.ok, r.refused, r.failed, pct(.5).Round(time.Microsecond*10), pct(.95).Round(time.Microsecond*10), pct(.99).Round(time.Microsecond*10),
		r.cpuPerRequest())
}

// cpuPerRequest is the machine's CPU time per request sent, in ms.
func (r result) cpuPerRequest() float64 {
	n := r.ok + r.refused + r.failed
	if n == 0 {
		return 0
	}
	return float64(r.busy) / float64(time.Millisecond) / float64(n)
}

// phase runs fn from clients goroutines for d.
func phase(clients int, d time.Duration, fn func(*rand.Rand) error) result {
	var res result
	var mu sync.Mutex
	var ok, refused, failed atomic.Int64
	deadline := time.Now().Add(d)
	start, busy := time.Now(), machineBusy()
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, seed*7+1))
			var lat []time.Duration
			for time.Now().Before(deadline) {
				t := time.Now()
				err := fn(r)
				if errors.Is(err, errDone) {
					break
				}
				lat = append(lat, time.Since(t))
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, errRefused):
					refused.Add(1)
				default:
					if failed.Add(1) <= 3 {
						fmt.Fprintln(os.Stderr, "request failed:", err)
					}
				}
			}
			mu.Lock()
			res.latencies = append(res.latencies, lat...)
			mu.Unlock()
		}(uint64(i + 1))
	}
	wg.Wait()
	res.elapsed, res.busy = time.Since(start), machineBusy()-busy
	res.ok, res.refused, res.failed = ok.Load(), refused.Load(), failed.Load()
	return res
}

var (
	tpsPattern = regexp.MustCompile(`tps = ([0-9.]+)`)
	txPattern  = regexp.MustCompile(`number of transactions actually processed: ([0-9]+)`)
)

// baseline is a pgbench run: its rate and the machine's CPU per transaction.
type baseline struct{ tps, cpuMS float64 }

func pgbench(dsn, setup, setup2, script string, clients int, d time.Duration) (baseline, error) {
	args := []string{dsn, "-q", "-v", "ON_ERROR_STOP=1", "-f", setup}
	if setup2 != "" {
		args = append(args, "-f", setup2)
	}
	if out, err := exec.Command("psql", args...).CombinedOutput(); err != nil {
		return baseline{}, fmt.Errorf("psql setup: %w\n%s", err, out)
	}
	busy := machineBusy()
	out, err := exec.Command("pgbench", "-n", "-M", "prepared", "-f", script, "-c", fmt.Sprint(clients), "-j", "2",
		"-T", fmt.Sprint(int(d.Seconds())), dsn).CombinedOutput()
	busy = machineBusy() - busy
	if err != nil {
		return baseline{}, fmt.Errorf("pgbench: %w\n%s", err, out)
	}
	m, n := tpsPattern.FindSubmatch(out), txPattern.FindSubmatch(out)
	if m == nil || n == nil {
		return baseline{}, fmt.Errorf("pgbench printed no tps:\n%s", out)
	}
	var b baseline
	var txs float64
	fmt.Sscan(string(m[1]), &b.tps)
	if fmt.Sscan(string(n[1]), &txs); txs > 0 {
		b.cpuMS = float64(busy) / float64(time.Millisecond) / txs
	}
	exec.Command("psql", dsn, "-q", "-c", "DROP TABLE IF EXISTS bl_audit, bl_bids, bl_projects, bl_auctions").Run()
	return b, nil
}
