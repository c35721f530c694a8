package storage

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/domain/identity"
)

// Session lookups are answered from memory while the replica listens to
// the changes that alter them (migrations/00380_session_notify.sql): a
// session revoked (logout), an account's name, role, status or password
// changed, a commitment accepted or a new commitment text published. Each
// is told on sessionChannel when its transaction commits, and every replica
// drops the account's sessions (or all of them) when it hears it. While the
// listening connection is down nothing is kept: every lookup goes to the
// database, as without the cache.

const sessionChannel = "market_sessions"

// maxCachedSessions bounds the memory: when full, the cache starts over.
const maxCachedSessions = 100_000

type cachedSession struct {
	account identity.Account
	expires time.Time
}

// sessionCache holds the sessions a replica looked up. gen counts the
// invalidations: a lookup keeps its answer only if no invalidation of its
// account (or of all) arrived while it read the database, so an answer
// read before a change committed cannot outlive the change's notification.
type sessionCache struct {
	mu        sync.Mutex
	live      bool
	gen       uint64
	allGen    uint64           // gen of the last invalidation of everything
	dropped   map[int64]uint64 // gen of each account's last invalidation
	byToken   map[string]cachedSession
	byAccount map[int64]map[string]struct{}
	hits      uint64
}

func newSessionCache() *sessionCache {
	return &sessionCache{byToken: map[string]cachedSession{}, byAccount: map[int64]map[string]struct{}{}, dropped: map[int64]uint64{}}
}

// get returns the cached session of tokenHash, unless it expired by now.
func (c *sessionCache) get(tokenHash string, now time.Time) (*identity.Account, time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byToken[tokenHash]
	if !ok || !c.live {
		return nil, time.Time{}, false
	}
	if !now.Before(e.expires) {
		c.deleteToken(tokenHash, e.account.ID)
		return nil, time.Time{}, false
	}
	c.hits++
	a := e.account
	return &a, e.expires, true
}

// begin is called before a lookup reads the database: it returns the
// generation put must see unchanged, and whether the cache is live.
func (c *sessionCache) begin() (uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen, c.live
}

// put keeps a lookup's answer if nothing was invalidated since begin.
func (c *sessionCache) put(gen uint64, tokenHash string, a *identity.Account, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.live || c.allGen > gen || c.dropped[a.ID] > gen {
		return
	}
	if len(c.byToken) >= maxCachedSessions {
		c.reset()
		return
	}
	c.byToken[tokenHash] = cachedSession{account: *a, expires: expires}
	if c.byAccount[a.ID] == nil {
		c.byAccount[a.ID] = map[string]struct{}{}
	}
	c.byAccount[a.ID][tokenHash] = struct{}{}
}

func (c *sessionCache) deleteToken(tokenHash string, accountID int64) {
	delete(c.byToken, tokenHash)
	if m := c.byAccount[accountID]; m != nil {
		delete(m, tokenHash)
		if len(m) == 0 {
			delete(c.byAccount, accountID)
		}
	}
}

// reset forgets everything, and every lookup under way.
func (c *sessionCache) reset() {
	c.gen++
	c.allGen = c.gen
	c.dropped = map[int64]uint64{}
	c.byToken = map[string]cachedSession{}
	c.byAccount = map[int64]map[string]struct{}{}
}

// dropAccount forgets the account's sessions.
func (c *sessionCache) dropAccount(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.dropped) >= maxCachedSessions {
		c.reset() // the same for the lookups under way, and bounded
		return
	}
	c.gen++
	c.dropped[id] = c.gen
	for h := range c.byAccount[id] {
		delete(c.byToken, h)
	}
	delete(c.byAccount, id)
}

// dropToken forgets one session.
func (c *sessionCache) dropToken(tokenHash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byToken[tokenHash]
	if !ok {
		// A lookup under way may be about to keep it: forget everything.
		c.reset()
		return
	}
	c.gen++
	c.dropped[e.account.ID] = c.gen
	c.deleteToken(tokenHash, e.account.ID)
}

// setLive forgets everything and turns the cache on or off.
func (c *sessionCache) setLive(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset()
	c.live = live
}

// notified applies one notification's payload: an account id, or "*".
func (c *sessionCache) notified(payload string) error {
	if payload == "*" {
		c.setLive(true)
		return nil
	}
	id, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		c.setLive(true)
		return fmt.Errorf("storage: session notification %q: %w", payload, err)
	}
	c.dropAccount(id)
	return nil
}

// CachedSessionHits counts the session lookups answered from memory.
func (s *DB) CachedSessionHits() uint64 {
	if s.sessions == nil {
		return 0
	}
	s.sessions.mu.Lock()
	defer s.sessions.mu.Unlock()
	return s.sessions.hits
}

// SessionListener keeps a replica's session cache in step with the
// database; Close stops it and turns the cache off.
type SessionListener struct {
	dsn    string
	log    *slog.Logger
	cache  *sessionCache
	cancel context.CancelFunc
	done   chan struct{}
}

// ListenSessions turns on s's session cache: it connects a dedicated
// listener, and the cache answers only once the LISTEN is in place, so no
// change committed afterwards goes unheard.
func (s *DB) ListenSessions(ctx context.Context, log *slog.Logger) (*SessionListener, error) {
	od, ok := s.db.Dialector.(outageDialector)
	d := od.Dialector
	if !ok || d == nil || d.Config == nil || d.DSN == "" {
		return nil, fmt.Errorf("storage: listen sessions: no DSN to connect with")
	}
	if s.sessions == nil {
		return nil, fmt.Errorf("storage: listen sessions: not a root DB")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &SessionListener{dsn: d.DSN, log: log, cache: s.sessions, done: make(chan struct{})}
	conn, err := l.connect(ctx)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go l.run(runCtx, conn)
	return l, nil
}

func (l *SessionListener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, l.dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: listen sessions: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+sessionChannel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("storage: listen sessions: %w", err)
	}
	l.cache.setLive(true)
	return conn, nil
}

// run applies notifications, reconnecting with a growing pause when the
// connection drops; the cache is off until the LISTEN is back.
func (l *SessionListener) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	defer l.cache.setLive(false)
	pause := 100 * time.Millisecond
	for {
		if conn == nil {
			select {
			case <-ctx.Done():
				return
			case <-time.After(pause):
			}
			var err error
			if conn, err = l.connect(ctx); err != nil {
				l.log.Debug("session listener reconnect failed", "err", err)
				pause = min(pause*2, 5*time.Second)
				continue
			}
			l.log.Info("session listener reconnected")
			pause = 100 * time.Millisecond
		}
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			l.cache.setLive(false)
			conn.Close(context.Background())
			conn = nil
			if ctx.Err() != nil {
				return
			}
			l.log.Warn("session listener lost its connection", "err", err)
			continue
		}
		if err := l.cache.notified(n.Payload); err != nil {
			l.log.Warn("session listener", "err", err)
		}
	}
}

// Close stops listening; lookups go to the database again.
func (l *SessionListener) Close() {
	l.cancel()
	<-l.done
}
