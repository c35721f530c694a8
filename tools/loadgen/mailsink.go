package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// mailSink is a fast local SMTP relay: it accepts every message without
// TLS or authentication, discards it and counts it.
type mailSink struct {
	n  atomic.Int64
	ln net.Listener
}

func startMailSink(addr string) (*mailSink, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mail sink on %s: %w", addr, err)
	}
	s := &mailSink{ln: ln}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.session(conn)
		}
	}()
	return s, nil
}

func (s *mailSink) Close() error { return s.ln.Close() }

// session speaks the least SMTP a client needs: a greeting, 250 to every
// command, 354 to DATA and 250 after its end, 221 to QUIT.
func (s *mailSink) session(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(time.Minute))
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	reply := func(line string) bool {
		w.WriteString(line + "\r\n")
		return w.Flush() == nil
	}
	if !reply("220 loadgen ESMTP") {
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"):
			if !reply("250-loadgen\r\n250-8BITMIME\r\n250 SMTPUTF8") {
				return
			}
		case cmd == "DATA":
			if !reply("354 go ahead") {
				return
			}
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
			}
			s.n.Add(1)
			if !reply("250 queued") {
				return
			}
		case cmd == "QUIT":
			reply("221 bye")
			return
		default:
			if !reply("250 ok") {
				return
			}
		}
	}
}

// mailPhase queues nMails notification e-mails (a notification row and an
// outbox row of topic email each, as the product writes them) to the
// accounts whose e-mail matches pattern and times the server's mailer
// until the sink at addr has counted every one. The server must run with
// SMTP_ADDR set to addr.
func mailPhase(ctx context.Context, conn *pgx.Conn, addr, pattern string, run uint32, nMails int, limit time.Duration) error {
	sink, err := startMailSink(addr)
	if err != nil {
		return err
	}
	defer sink.Close()
	start := time.Now()
	tag, err := conn.Exec(ctx, `WITH to_accounts AS (
			SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n FROM accounts WHERE email LIKE $2),
		n AS (
			INSERT INTO notifications (account_id, kind, title, body, dedupe_key, created_at)
			SELECT a.id, 'load.test', '负载测试通知 ' || g, '负载测试正文 ' || g, 'load-' || $3::bigint || '-' || g, clock_timestamp()
			FROM generate_series(1, $1) g JOIN to_accounts a ON a.k = g % a.n
			RETURNING id)
		INSERT INTO outbox (topic, entity, entity_id, version, next_attempt_at)
		SELECT 'email', 'notification', id, 0, clock_timestamp() FROM n`, nMails, pattern, int64(run))
	if err != nil {
		return fmt.Errorf("queue e-mails: %w", err)
	}
	queued := tag.RowsAffected()
	if queued == 0 {
		return fmt.Errorf("no account matches %s", pattern)
	}
	if _, err := conn.Exec(ctx, "ANALYZE outbox, notifications"); err != nil { // as in deliveryPhase
		return err
	}
	fmt.Printf("e-mail: %d e-mails queued in %s\n", queued, time.Since(start).Round(time.Millisecond))
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for sink.n.Load() < queued && time.Now().Before(deadline) {
		<-tick.C
	}
	elapsed := time.Since(start)
	got := sink.n.Load()
	fmt.Printf("e-mail delivery:         %7.0f e-mails/s     received %d of %d in %s\n",
		float64(got)/elapsed.Seconds(), got, queued, elapsed.Round(time.Millisecond))
	if got < queued {
		return fmt.Errorf("only %d of %d e-mails arrived within %s (is SMTP_ADDR=%s set on the server?)", got, queued, limit, addr)
	}
	return nil
}
