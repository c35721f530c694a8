// Package server is the composition root of the marketplace: it reads the
// configuration, opens the database, wires domain, api, web and jobs
// together, serves HTTP until told to stop and runs the other subcommands.
// It is the one package that may import every layer; main.go only calls Run.
package server

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/identity"
	"marketplace/jobs"
	"marketplace/storage"
	"marketplace/web"
)

// Main is the application: configuration and the parts wired from it.
type Main struct {
	Config    Config
	In        io.Reader // standard input (nil: os.Stdin)
	Out       io.Writer
	Log       *slog.Logger
	DB        *storage.DB
	Market    *domain.Marketplace
	Server    *api.Server
	Scheduler *jobs.Scheduler

	// HardExit, when set, ends the process once SHUTDOWN_TIMEOUT has passed
	// after the shutdown began, whatever is still running (the command sets
	// it; tests running Serve in-process leave it nil).
	HardExit func(code int)

	// Addr is the address the HTTP server listens on once Serve has started.
	Addr string
	// MetricsAddr is where metrics and profiling listen once Serve has
	// started ("" when METRICS_ADDR turned them off).
	MetricsAddr string
	started     chan struct{}
	listener    net.Listener
	auctions    *storage.AuctionListener
	sessions    *storage.SessionListener
	closing     atomic.Bool
}

// NewMain returns an unopened application.
func NewMain(cfg Config, out io.Writer) *Main {
	return &Main{Config: cfg, Out: out, Log: slog.New(slog.NewJSONHandler(out, &slog.HandlerOptions{Level: cfg.LogLevel})), started: make(chan struct{})}
}

// errNoDatabaseURL refuses to start without DATABASE_URL: a server that
// guessed its database could run a province's marketplace on an empty local
// one.
var errNoDatabaseURL = errors.New("DATABASE_URL is not set, and the server never guesses its database: " +
	"set DATABASE_URL=postgres://USER@HOST:5432/DB, or for development DEV_DATABASE=1 (as `make run` does) " +
	"to use the PostgreSQL on 127.0.0.1:5432 or a project-local cluster")

// Open connects to the database, applies migrations when asked (or refuses
// to go on while any are pending), and wires the services.
func (m *Main) Open(ctx context.Context, migrate bool) error {
	dsn := m.Config.DatabaseURL
	if dsn == "" {
		if !m.Config.DevDatabase {
			return errNoDatabaseURL
		}
		var err error
		dsn, err = storage.ResolveDevDatabase(ctx, ".data/pg", "marketplace", func(f string, a ...any) { m.Log.Info(fmt.Sprintf(f, a...)) })
		if err != nil {
			return err
		}
		migrate = true
	}
	db, err := storage.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("cannot connect to PostgreSQL (%s): %w", redact(dsn), err)
	}
	m.DB = db
	if err := db.SetBidConcurrency(m.Config.BidConcurrency); err != nil {
		return err
	}
	if err := db.UseReadReplicas(ctx, storage.ReplicaOptions{URLs: m.Config.DatabaseReadURL, MaxLag: m.Config.ReplicaMaxLag, Log: m.Log}); err != nil {
		return err
	}
	if m.Config.MeiliURL != "" {
		ms, err := storage.NewMeiliSearch(m.Config.MeiliURL, m.Config.MeiliAPIKey)
		if err != nil {
			return err
		}
		db.UseMeiliSearch(ms)
	}
	if migrate {
		if err := db.Migrate(ctx, m.Log); err != nil {
			return err
		}
	} else if pending, err := db.PendingMigrations(ctx); err != nil {
		return err
	} else if pending {
		return errors.New("the database schema is behind this binary: run `go run . migrate` (or set RUN_MIGRATIONS=1)")
	}
	hasher := m.Config.Hasher
	if hasher == nil {
		hasher = storage.DefaultHasher
	}
	m.Market = domain.NewMarketplace(db, hasher, m.Config.MarketPeriods())
	m.Market.OpenData = m.Config.OpenData()
	m.Market.Log = m.Log
	// Working days count over the official calendar with the overrides.
	m.Market.Calendar = calendar.NewLive(storage.OfficialHolidays{})
	if err := m.Market.CalendarAdmin().Refresh(ctx); err != nil {
		return err
	}
	if m.Market.Signer, err = m.signer(ctx); err != nil {
		return err
	}
	if m.Market.ContractDocs, err = m.contractDocs(); err != nil {
		return err
	}
	// Live auction updates reach every replica's streams through LISTEN/NOTIFY.
	if l, err := db.ListenAuctions(ctx, m.Log); err != nil {
		m.Log.Warn("auction streams unavailable", "err", err)
	} else {
		m.auctions, m.Market.Auctions = l, l
	}
	// Session lookups are answered from memory while changes to them reach
	// every replica through LISTEN/NOTIFY (storage/session_cache.go).
	if l, err := db.ListenSessions(ctx, m.Log); err != nil {
		m.Log.Warn("session cache off", "err", err)
	} else {
		m.sessions = l
	}
	files, err := storage.NewFiles(m.Config.UploadDir)
	if err != nil {
		return err
	}
	m.Market.Files, m.Market.Typer = files, storage.MediaTyper{}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewDBStatsCollector(db.SQL(), "marketplace"), collectors.NewGoCollector())
	reg.MustRegister(db.ReplicaCollectors()...)
	reg.MustRegister(db.BidCollectors()...)
	m.Market.JobStaleAfter = m.Config.JobStaleAfter
	site, err := web.New(m.Market)
	if err != nil {
		return err
	}
	site.Footer = web.SiteFooter{HostOrg: m.Config.SiteHostOrg, Operator: m.Config.SiteOperator, Helpline: m.Config.SiteHelpline}
	m.Server = &api.Server{Site: site, Market: m.Market, Log: m.Log, Metrics: reg, Version: Version, Ready: m.ready, SecureCookies: m.Config.CookieSecure,
		TrustedProxies: m.Config.TrustedProxies, ReadYourWrites: m.Config.ReadYourWrites, OIDC: api.NewOIDCClient(m.Config.OIDC()),
		// The outage probe asks the main pool only: a search pool that a
		// pooler refuses (docs/scaling.md) is a deployment error /ready
		// reports (m.ready), and must not hold the whole site in outage.
		Ping: func(ctx context.Context) error { return db.SQL().PingContext(ctx) }}
	m.Scheduler = jobs.New(m.Market, m.Log, m.Config.SchedulerInterval)
	m.Scheduler.Unavailable = m.Server.NoteUnavailable
	return m.Scheduler.Register(reg)
}

// signer is the configured signing key or, without one, the development
// key kept in the database (generated on first use).
func (m *Main) signer(ctx context.Context) (*domain.Signer, error) {
	seed := m.Config.AuditSigningKey
	if seed == "" {
		var err error
		if seed, err = m.DB.DevSigningKey(ctx); err != nil {
			return nil, err
		}
		m.Log.Warn("AUDIT_SIGNING_KEY is not set: audit checkpoints are signed with a development key stored in the database")
	}
	s, err := domain.NewSigner(seed)
	if err != nil {
		return nil, fmt.Errorf("AUDIT_SIGNING_KEY: %w", err)
	}
	return s, nil
}

func (m *Main) ready(ctx context.Context) error {
	if err := m.DB.Ping(ctx); err != nil {
		return errors.New("database unreachable")
	}
	pending, err := m.DB.PendingMigrations(ctx)
	if err != nil {
		return errors.New("cannot read migration state")
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// Serve opens everything, seeds demo data into an empty database when
// configured, starts the scheduler and serves HTTP until ctx ends, then
// shuts down within SHUTDOWN_TIMEOUT (shutdown.go).
func (m *Main) Serve(ctx context.Context) error {
	if err := m.Open(ctx, m.Config.RunMigrations); err != nil {
		return err
	}
	defer m.Close()
	if m.Config.SeedDemo {
		if err := m.SeedDemo(ctx); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", m.Config.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", m.Config.HTTPAddr, err)
	}
	m.listener = ln
	m.Addr = ln.Addr().String()
	srv := m.Server.HTTPServer()
	// In-flight requests finish; long-lived event streams end at once
	// instead of holding shutdown up until its timeout.
	srv.RegisterOnShutdown(m.Server.BeginShutdown)
	if !m.Config.DisableScheduler {
		if err := m.Scheduler.Start(); err != nil {
			return err
		}
	}
	errc := make(chan error, 2)
	ops, err := m.serveOps(errc)
	if err != nil {
		ln.Close()
		return err
	}
	go func() { errc <- srv.Serve(ln) }()
	m.Log.Info("serving", "url", "http://"+displayAddr(m.Addr), "version", Version)
	close(m.started)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	if ops != nil {
		defer ops.Close()
	}
	return m.shutdown(srv)
}

// Started is closed once Serve listens.
func (m *Main) Started() <-chan struct{} { return m.started }

// Close releases the database. Only the first call does: shutdown closes
// within its deadline (closeBy), and Serve's deferred Close must not then
// wait on a pool that shutdown gave up on.
func (m *Main) Close() error {
	if m.closing.Swap(true) {
		return nil
	}
	if m.sessions != nil {
		m.sessions.Close()
	}
	if m.auctions != nil {
		m.auctions.Close()
	}
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func (m *Main) adminCommand(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: admin create --role department|admin --name NAME --email EMAIL [--region R] [--level L] (password on standard input or at the prompt)")
	}
	if hasPasswordFlag(args[1:]) {
		return errPasswordFlag
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	var in identity.StaffAccountInput
	fs.StringVar(&in.Role, "role", "", "department or admin")
	fs.StringVar(&in.Name, "name", "", "account name")
	fs.StringVar(&in.Email, "email", "", "login e-mail")
	fs.StringVar(&in.Region, "region", "", "region (departments)")
	fs.StringVar(&in.Level, "level", "", "level, e.g. 省级, 市级, 县级 (departments)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	stdin := m.In
	if stdin == nil {
		stdin = os.Stdin
	}
	pw, err := readStaffPassword(stdin, os.Stderr)
	if err != nil {
		return err
	}
	in.Password = pw
	if err := m.Open(ctx, true); err != nil {
		return err
	}
	defer m.Close()
	a, err := m.Market.Accounts().CreateStaffAccount(ctx, in)
	if err != nil {
		return errors.New(domain.ErrorMessage(err))
	}
	fmt.Fprintf(m.Out, "created %s account %d (%s)\n", a.Role, a.ID, a.Email)
	return nil
}

func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" {
		return "localhost:" + port
	}
	return addr
}

func redact(dsn string) string {
	if i := len("postgres://"); len(dsn) > i {
		return dsn[:i] + "…"
	}
	return dsn
}

// SeedDemo loads the demo world into an empty database and prints the logins.
func (m *Main) SeedDemo(ctx context.Context) error {
	logins, err := storage.SeedDemo(ctx, m.Market, m.DB)
	if err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	if len(logins) == 0 {
		fmt.Fprintln(m.Out, "demo data: the database is already in use (accounts, projects, audit rows or job runs); nothing loaded")
		// A demo database loaded on an earlier start still has its logins:
		// print them on every start, so nobody has to remember them.
		if logins, err = storage.LoadedDemoLogins(ctx, m.DB); err != nil || len(logins) == 0 {
			return err
		}
	}
	fmt.Fprintf(m.Out, "\nDemo logins (password for all: %s):\n", storage.DemoPassword)
	for _, l := range logins {
		fmt.Fprintf(m.Out, "  %-10s %-28s %s\n", l.Role, l.Email, l.Name)
	}
	fmt.Fprintln(m.Out)
	return nil
}

// exportOCDS writes DIR/releases-YYYY-MM.json.gz, one release package a month.
func (m *Main) exportOCDS(ctx context.Context, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	n, err := m.Market.Publisher().ExportOCDS(ctx, func(month string) (io.WriteCloser, error) {
		f, err := os.Create(filepath.Join(dir, "releases-"+month+".json.gz"))
		if err != nil {
			return nil, err
		}
		return &gzipFile{gzip.NewWriter(f), f}, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Out, "exported %d releases to %s\n", n, dir)
	return nil
}

// gzipFile compresses into a file; Close ends the stream, then the file.
type gzipFile struct {
	*gzip.Writer
	f *os.File
}

func (g *gzipFile) Close() error {
	if err := g.Writer.Close(); err != nil {
		g.f.Close()
		return err
	}
	return g.f.Close()
}
