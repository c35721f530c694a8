package storage

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/prometheus/client_golang/prometheus"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"

	"marketplace/domain"
)

// DefaultReplicaMaxLag is how far behind the primary a replica may be and
// still serve reads (READ_REPLICA_MAX_LAG).
const DefaultReplicaMaxLag = 5 * time.Second

// replicaCheckEvery is how often each replica's health and lag are read.
const replicaCheckEvery = time.Second

// replicaLagSQL is the replica's lag in seconds: 0 when it has replayed all
// it received (an idle primary sends nothing, so the last replayed
// transaction's age alone would read as an ever-growing lag).
const replicaLagSQL = `SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
	WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
	ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END`

// ReplicaOptions configures the read replicas.
type ReplicaOptions struct {
	URLs   []string
	MaxLag time.Duration // 0: DefaultReplicaMaxLag
	Log    *slog.Logger
}

// replicas routes the reads a request marked with domain.AllowStaleReads
// to streaming replicas through GORM's dbresolver plugin; all else stays on
// the primary. A replica that is down or lags more than MaxLag is skipped
// until it recovers, and every read sent back to the primary for that
// reason is counted.
type replicas struct {
	pools    []*replicaPool
	maxLag   time.Duration
	log      *slog.Logger
	fallback prometheus.Counter
	routed   prometheus.Counter
	up       *prometheus.GaugeVec
	next     atomic.Uint64
	stop     chan struct{}
	done     sync.WaitGroup
}

// replicaPool is one replica's connection pool, its pool for searches
// (search_pool.go) and its last health reading.
type replicaPool struct {
	*sql.DB
	search  *sql.DB
	name    string
	healthy atomic.Bool
}

// UseReadReplicas connects the replicas and starts watching their lag.
// Public reads (domain.AllowStaleReads) then go to a healthy replica.
func (s *DB) UseReadReplicas(ctx context.Context, o ReplicaOptions) error {
	if len(o.URLs) == 0 {
		return nil
	}
	r := &replicas{maxLag: o.MaxLag, log: o.Log, stop: make(chan struct{}),
		fallback: prometheus.NewCounter(prometheus.CounterOpts{Name: "marketplace_read_replica_fallback_total",
			Help: "Reads allowed on a replica that went to the primary because no replica was healthy (down, or lagging more than READ_REPLICA_MAX_LAG)."}),
		routed: prometheus.NewCounter(prometheus.CounterOpts{Name: "marketplace_read_replica_reads_total",
			Help: "Reads answered by a streaming replica."}),
		up: prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "marketplace_read_replica_up",
			Help: "1 while the replica answers within READ_REPLICA_MAX_LAG, else 0."}, []string{"replica"}),
	}
	if r.maxLag <= 0 {
		r.maxLag = DefaultReplicaMaxLag
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	var dialectors []gorm.Dialector
	for i, u := range o.URLs {
		cfg, err := pgx.ParseConfig(u)
		if err != nil {
			return fmt.Errorf("storage: read replica %d: %w", i+1, err)
		}
		db := stdlib.OpenDB(*cfg)
		db.SetMaxOpenConns(poolSize)
		db.SetMaxIdleConns(poolSize)
		db.SetConnMaxIdleTime(5 * time.Minute)
		p := &replicaPool{DB: db, search: openSearchPool(cfg), name: fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)}
		r.pools = append(r.pools, p)
		r.check(ctx, p)
		dialectors = append(dialectors, postgres.New(postgres.Config{Conn: p}))
	}
	err := s.db.Use(dbresolver.Register(dbresolver.Config{Replicas: dialectors, Policy: r}))
	if err != nil {
		return fmt.Errorf("storage: read replicas: %w", err)
	}
	// dbresolver sends every read outside a transaction to a replica; ours
	// are pinned to the primary first unless their request allowed stale
	// reads and a replica is healthy (dbresolver's callbacks run before all
	// others, so the pin wraps them).
	cb := s.db.Callback()
	// (gorm's Replace keeps running a callback registered Before("*"), so
	// the resolver is removed and registered again, wrapped.)
	wrap := func(get func(string) func(*gorm.DB), remove func(string) error, register func(func(*gorm.DB)) error, decide func(*gorm.DB)) error {
		resolve := get("gorm:db_resolver")
		if resolve == nil {
			return fmt.Errorf("storage: read replicas: dbresolver did not register its callbacks")
		}
		if err := remove("gorm:db_resolver"); err != nil {
			return fmt.Errorf("storage: read replicas: %w", err)
		}
		return register(func(db *gorm.DB) {
			if _, pinned := db.Statement.Settings.Load(pinnedSetting); pinned {
				return // a search's pool, chosen by the same rule (search_pool.go)
			}
			decide(db)
			resolve(db)
		})
	}
	q, row, raw := cb.Query(), cb.Row(), cb.Raw()
	for _, err := range []error{
		wrap(q.Get, q.Remove, func(fn func(*gorm.DB)) error { return q.Before("*").Register("marketplace:db_resolver", fn) }, r.pin),
		wrap(row.Get, row.Remove, func(fn func(*gorm.DB)) error { return row.Before("*").Register("marketplace:db_resolver", fn) }, r.pin),
		// Exec: a statement run for its effect, always on the primary.
		wrap(raw.Get, raw.Remove, func(fn func(*gorm.DB)) error { return raw.Before("*").Register("marketplace:db_resolver", fn) }, r.primary),
	} {
		if err != nil {
			return err
		}
	}
	s.replicas = r
	r.done.Add(1)
	go r.watch()
	return nil
}

// pin decides where one statement runs.
func (r *replicas) pin(db *gorm.DB) {
	ctx := db.Statement.Context
	if isTransaction(db.Statement.ConnPool) || requestTx(ctx) != nil || !domain.StaleReadsAllowed(ctx) {
		r.primary(db)
		return
	}
	if !r.anyHealthy() {
		r.fallback.Inc()
		r.primary(db)
		return
	}
	// A read (dbresolver would guess from the SQL's first word, and send a
	// WITH … query to the primary).
	db.Statement.Settings.Delete(writeSetting)
	db.Statement.Settings.Store(readSetting, struct{}{})
}

// primary marks the statement for the primary. (Write.ModifyStatement
// would also run the resolver's callback itself, which the wrapper runs.)
func (r *replicas) primary(db *gorm.DB) {
	db.Statement.Settings.Delete(readSetting)
	db.Statement.Settings.Store(writeSetting, struct{}{})
}

// The settings dbresolver reads to choose the primary (its clauses.go).
const (
	writeSetting = "gorm:db_resolver:write"
	readSetting  = "gorm:db_resolver:read"
)

func isTransaction(p gorm.ConnPool) bool {
	_, ok := p.(gorm.TxCommitter)
	return ok
}

func (r *replicas) anyHealthy() bool {
	for _, p := range r.pools {
		if p.healthy.Load() {
			return true
		}
	}
	return false
}

// Resolve implements dbresolver.Policy: the healthy replicas in turn.
func (r *replicas) Resolve(pools []gorm.ConnPool) gorm.ConnPool {
	r.routed.Inc()
	if p := r.pick(); p != nil {
		return p
	}
	return pools[0]
}

// pick returns the next healthy replica in turn, or nil when none is.
func (r *replicas) pick() *replicaPool {
	n := len(r.pools)
	start := int(r.next.Add(1))
	for i := range n {
		if p := r.pools[(start+i)%n]; p.healthy.Load() {
			return p
		}
	}
	return nil
}

// check reads one replica's lag and records whether it may serve reads.
func (r *replicas) check(ctx context.Context, p *replicaPool) {
	ctx, cancel := context.WithTimeout(ctx, replicaCheckEvery)
	defer cancel()
	var lag float64
	err := p.QueryRowContext(ctx, replicaLagSQL).Scan(&lag)
	ok := err == nil && time.Duration(lag*float64(time.Second)) <= r.maxLag
	if was := p.healthy.Swap(ok); was != ok {
		if ok {
			r.log.Info("read replica serving", "replica", p.name)
		} else {
			r.log.Warn("read replica skipped: reads go to the primary", "replica", p.name, "lag_seconds", lag, "err", err)
		}
	}
	v := 0.0
	if ok {
		v = 1
	}
	r.up.WithLabelValues(p.name).Set(v)
}

func (r *replicas) watch() {
	defer r.done.Done()
	t := time.NewTicker(replicaCheckEvery)
	defer t.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-t.C:
			for _, p := range r.pools {
				r.check(context.Background(), p)
			}
		}
	}
}

func (r *replicas) close() {
	close(r.stop)
	r.done.Wait()
	for _, p := range r.pools {
		p.Close()
		p.search.Close()
	}
}

// ReplicaCollectors are the replica metrics (none without replicas).
func (s *DB) ReplicaCollectors() []prometheus.Collector {
	if s.replicas == nil {
		return nil
	}
	return []prometheus.Collector{s.replicas.fallback, s.replicas.routed, s.replicas.up}
}

// ReplicasHealthy reports how many replicas may serve reads now.
func (s *DB) ReplicasHealthy() int {
	if s.replicas == nil {
		return 0
	}
	n := 0
	for _, p := range s.replicas.pools {
		if p.healthy.Load() {
			n++
		}
	}
	return n
}
