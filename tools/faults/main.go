// Command faults runs the fault experiments of docs/reliability.md against a
// real server process under sealed-bid load, and checks that no bid the
// server acknowledged is missing from the database afterwards.
//
//	go run ./tools/faults kill9 -d 15s -c 8 -kills 3
//	go run ./tools/faults dbrestart -d 15s -c 8
//
// kill9 SIGKILLs the server K times at random moments and restarts it;
// dbrestart restarts a private PostgreSQL cluster (fast, then immediate
// mode) under the running server and measures the time from the database
// answering again to the first acknowledged bid. Run from the module root.
package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"marketplace/storage"

	"marketplace/tools/apiclient"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: faults kill9|dbrestart [-d 15s] [-c 8] [-kills 3]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	d := fs.Duration("d", 15*time.Second, "duration of the load")
	clients := fs.Int("c", 8, "concurrent clients (one agency each)")
	kills := fs.Int("kills", 3, "kill -9s of the server (kill9)")
	fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "kill9":
		err = kill9(*d, *clients, *kills)
	case "dbrestart":
		err = dbrestart(*d, *clients)
	default:
		err = fmt.Errorf("unknown experiment %q (kill9, dbrestart)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "faults:", err)
		os.Exit(1)
	}
}

// bench is a built server on a fresh database with a seeded project.
type bench struct {
	srv      *server
	c        *apiclient.Client
	project  int64
	agencies []agency
}

func prepare(ctx context.Context, base string, clients int) (*bench, error) {
	dir, err := os.MkdirTemp("", "faults-")
	if err != nil {
		return nil, err
	}
	bin, err := build(".", dir)
	if err != nil {
		return nil, err
	}
	dsn, err := createDatabase(ctx, base, fmt.Sprintf("faults_%d", rand.Uint32()))
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	s := &server{bin: bin, dsn: dsn, addr: addr, uploads: dir}
	if err := s.start(); err != nil {
		return nil, err
	}
	c := &apiclient.Client{Base: s.url(), HTTP: &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}}
	project, as, err := setUp(c, clients)
	if err != nil {
		s.kill()
		return nil, fmt.Errorf("set up: %w", err)
	}
	fmt.Printf("server %s, database %s, log %s\n", s.url(), dsn, filepath.Join(dir, "server.log"))
	return &bench{s, c, project, as}, nil
}

func report(ctx context.Context, b *bench, t *tally, ledgers []*ledger) error {
	n, err := lost(ctx, b.srv.dsn, b.project, ledgers)
	if err != nil {
		return err
	}
	fmt.Printf("requests %d  acknowledged %d  refused %d  lost %d\n", t.requests.Load(), t.acked.Load(), t.refused.Load(), n)
	if n > 0 {
		return fmt.Errorf("%d acknowledged bids lost", n)
	}
	return nil
}

func kill9(d time.Duration, clients, kills int) error {
	ctx := context.Background()
	base := os.Getenv("DATABASE_URL")
	if base == "" {
		base = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	b, err := prepare(ctx, base, clients)
	if err != nil {
		return err
	}
	defer b.srv.kill()
	stop := make(chan struct{})
	t := &tally{}
	done := make(chan []*ledger)
	go func() { done <- load(b.c, b.project, b.agencies, stop, t) }()
	// Kills at random moments, spread over the run.
	slot := d / time.Duration(kills+1)
	for i := 0; i < kills; i++ {
		time.Sleep(slot/2 + time.Duration(rand.Int64N(int64(slot))))
		b.srv.kill()
		fmt.Printf("kill -9 %d after %d acknowledged\n", i+1, t.acked.Load())
		if err := b.srv.start(); err != nil {
			close(stop)
			<-done
			return err
		}
	}
	time.Sleep(slot / 2)
	close(stop)
	return report(ctx, b, t, <-done)
}

func dbrestart(d time.Duration, clients int) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "faults-pg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	port, err := freeAddr()
	if err != nil {
		return err
	}
	lc := &storage.LocalCluster{Dir: dir, Port: port[len("127.0.0.1:"):]}
	if err := lc.Start(ctx); err != nil {
		return err
	}
	defer lc.Stop(ctx)
	b, err := prepare(ctx, lc.URL(), clients)
	if err != nil {
		return err
	}
	defer b.srv.kill()
	stop := make(chan struct{})
	t := &tally{}
	done := make(chan []*ledger)
	go func() { done <- load(b.c, b.project, b.agencies, stop, t) }()
	for _, mode := range []string{"fast", "immediate"} {
		time.Sleep(d / 3)
		if err := lc.StopMode(ctx, mode); err != nil {
			return err
		}
		time.Sleep(time.Second) // the outage
		// No bid can be acknowledged while the database is down, so the
		// first one after this mark comes after the restart.
		t.firstOKAfter.Store(0)
		t.mark.Store(1)
		if err := lc.Start(ctx); err != nil {
			return err
		}
		up := time.Now() // pg_ctl -w returns once the database accepts connections
		deadline := up.Add(60 * time.Second)
		for t.firstOKAfter.Load() == 0 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		t.mark.Store(0)
		if t.firstOKAfter.Load() == 0 {
			return fmt.Errorf("%s restart: no acknowledged bid within 60 s", mode)
		}
		fmt.Printf("%s restart: first acknowledged bid %s after the database answered\n", mode,
			max(0, time.Duration(t.firstOKAfter.Load()-up.UnixNano())).Round(time.Millisecond))
	}
	time.Sleep(d / 3)
	close(stop)
	return report(ctx, b, t, <-done)
}
