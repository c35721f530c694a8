package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"marketplace/tools/apiclient"
)

// webhooksPerAccount is the product's cap on one account's endpoints
// (opendata.MaxWebhooksPerAccount), repeated: the tool keeps no import of the
// product's packages.
const webhooksPerAccount = 10

// receiver is a fast local webhook endpoint: it reads each body, answers
// 204 and counts the deliveries.
type receiver struct {
	n    atomic.Int64
	srv  *http.Server
	base string
}

func startReceiver() (*receiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &receiver{base: "http://" + ln.Addr().String()}
	r.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		r.n.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}), ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	return r, nil
}

// deliveryPhase registers nHooks webhooks pointing at a local receiver,
// queues nEvents deliveries spread over them in one statement (as the
// event dispatcher writes them: topic webhook, one row per event and
// endpoint, payload frozen), and times the server's deliverer until the
// receiver has counted every one. The server must run with
// WEBHOOK_ALLOW_PRIVATE=1 (the receiver is on loopback). With smtpAddr it
// then measures e-mail the same way (mailPhase): nMails notification
// e-mails to the accounts it registered, through the server's mailer to a
// sink listening on smtpAddr (the server's SMTP_ADDR).
func deliveryPhase(c *apiclient.Client, dsn string, nHooks, nEvents int, smtpAddr string, nMails int, limit time.Duration) error {
	if dsn == "" {
		return errors.New("-phase delivery needs -db (the deliveries are queued in SQL)")
	}
	ctx := context.Background()
	rcv, err := startReceiver()
	if err != nil {
		return err
	}
	defer rcv.srv.Close()
	run := uint32(time.Now().UnixNano())
	var tok string
	for i := 0; i < nHooks; i++ {
		if i%webhooksPerAccount == 0 {
			if tok, err = register(c, "enterprise", fmt.Sprintf("负载测试订阅方%d-%d", run, i), run, i); err != nil {
				return err
			}
		}
		in := map[string]any{"url": fmt.Sprintf("%s/hook/%d", rcv.base, i), "event_types": []string{"*"}}
		if err := c.Call("POST", "/api/v1/webhooks", tok, in, nil); err != nil {
			return fmt.Errorf("register webhook (is WEBHOOK_ALLOW_PRIVATE=1 set?): %w", err)
		}
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	hooks := fmt.Sprintf("%s/hook/%%", rcv.base)
	start := time.Now()
	tag, err := conn.Exec(ctx, `INSERT INTO outbox (topic, entity, entity_id, version, payload, next_attempt_at)
		SELECT 'webhook', 'webhook', w.id, 9000000000 + g, jsonb_build_object('id', 'evt_load_' || g, 'type', 'load.test', 'n', g),
		       clock_timestamp()
		FROM generate_series(1, $1) g
		JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
		      FROM webhook_endpoints WHERE url LIKE $2) w ON w.k = g % w.n`, nEvents, hooks)
	if err != nil {
		return fmt.Errorf("queue deliveries: %w", err)
	}
	queued := tag.RowsAffected()
	// The queue went from empty to queued rows in one statement. A deployed
	// database has autovacuum keep the outbox's statistics; a development
	// cluster may run without it, and the lease query planned on an empty
	// table's statistics made the first measurement 61 deliveries/s.
	if _, err := conn.Exec(ctx, "ANALYZE outbox"); err != nil {
		return err
	}
	fmt.Printf("delivery: %d deliveries queued to %d endpoints in %s\n", queued, nHooks, time.Since(start).Round(time.Millisecond))
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for rcv.n.Load() < queued && time.Now().Before(deadline) {
		<-tick.C
	}
	elapsed := time.Since(start)
	got := rcv.n.Load()
	fmt.Printf("webhook delivery:        %7.0f deliveries/s  received %d of %d in %s\n",
		float64(got)/elapsed.Seconds(), got, queued, elapsed.Round(time.Millisecond))
	if got < queued {
		return fmt.Errorf("only %d of %d deliveries arrived within %s", got, queued, limit)
	}
	if smtpAddr == "" || nMails == 0 {
		return nil
	}
	return mailPhase(ctx, conn, smtpAddr, fmt.Sprintf("load-%d-%%", run), run, nMails, limit)
}
