package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/domain/market"
)

// AuctionListener implements market.AuctionFeed: one dedicated connection
// per replica LISTENs on the auction channel and fans each event out to the
// replica's stream subscribers of that project. Events carry the whole
// public state (best price, count, close), so a subscriber that misses one
// (slow client, reconnect) is whole again at the next.
type AuctionListener struct {
	dsn    string
	log    *slog.Logger
	mu     sync.Mutex
	subs   map[int64]map[chan market.AuctionEvent]struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// ListenAuctions connects a dedicated listener and starts fanning out. The
// first LISTEN is done before it returns, so no event committed afterwards
// is missed. Close stops it.
func (s *DB) ListenAuctions(ctx context.Context, log *slog.Logger) (*AuctionListener, error) {
	od, ok := s.db.Dialector.(outageDialector)
	d := od.Dialector
	if !ok || d == nil || d.Config == nil || d.DSN == "" {
		return nil, fmt.Errorf("storage: listen auctions: no DSN to connect with")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &AuctionListener{dsn: d.DSN, log: log, subs: map[int64]map[chan market.AuctionEvent]struct{}{}, done: make(chan struct{})}
	conn, err := l.connect(ctx)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	l.cancel = cancel
	go l.run(runCtx, conn)
	return l, nil
}

func (l *AuctionListener) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, l.dsn)
	if err != nil {
		return nil, fmt.Errorf("storage: listen auctions: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+auctionChannel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("storage: listen auctions: %w", err)
	}
	return conn, nil
}

// run waits for notifications, reconnecting with a growing pause when the
// connection drops.
func (l *AuctionListener) run(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
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
				// The loss was logged once; an outage must not add a line
				// per attempt (the API logs the outage itself).
				l.log.Debug("auction listener reconnect failed", "err", err)
				pause = min(pause*2, 5*time.Second)
				continue
			}
			l.log.Info("auction listener reconnected")
			pause = 100 * time.Millisecond
		}
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			conn.Close(context.Background())
			conn = nil
			if ctx.Err() != nil {
				return
			}
			l.log.Warn("auction listener lost its connection", "err", err)
			continue
		}
		var ev market.AuctionEvent
		if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
			l.log.Warn("auction listener: bad payload", "err", err)
			continue
		}
		l.publish(ev)
	}
}

func (l *AuctionListener) publish(ev market.AuctionEvent) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for ch := range l.subs[ev.ProjectID] {
		select {
		case ch <- ev:
		default: // a slow subscriber skips an event; the next one carries the full state
		}
	}
}

// Subscribe implements market.AuctionFeed.
func (l *AuctionListener) Subscribe(projectID int64) (<-chan market.AuctionEvent, func()) {
	ch := make(chan market.AuctionEvent, 64)
	l.mu.Lock()
	if l.subs[projectID] == nil {
		l.subs[projectID] = map[chan market.AuctionEvent]struct{}{}
	}
	l.subs[projectID][ch] = struct{}{}
	l.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			l.mu.Lock()
			delete(l.subs[projectID], ch)
			if len(l.subs[projectID]) == 0 {
				delete(l.subs, projectID)
			}
			l.mu.Unlock()
		})
	}
}

// Close stops listening.
func (l *AuctionListener) Close() {
	l.cancel()
	<-l.done
}
