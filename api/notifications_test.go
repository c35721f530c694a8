package api_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"marketplace/domain/opendata"
	"marketplace/jobs/outbound"
)

// smtpSink is a minimal SMTP server: it accepts every message and keeps it.
type smtpSink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []string // "rcpt\n\nmessage"
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { fmt.Fprintf(c, "%s\r\n", line) }
	say("220 sink ESMTP")
	var rcpt string
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			rcpt = strings.TrimSpace(line[len("RCPT TO:"):])
			say("250 ok")
		case cmd == "DATA":
			say("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, rcpt+"\n\n"+b.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpSink) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.msgs...)
}

type notificationList struct {
	Items []opendata.Notification
	Total int
}

func TestMarketplace_Notifications(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	sink := newSMTPSink(t)
	app.Market.OpenData.Mailer = &outbound.SMTPMailer{Addr: sink.ln.Addr().String(), From: "noreply@zjcs.test"}
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	aID, a := app.agency("甲环境咨询有限公司", "NAT-01")
	_, b := app.agency("乙环境咨询有限公司", "NAT-02") // offers another item
	ctx := context.Background()
	run := func(job string) int {
		t.Helper()
		res, err := app.Jobs.RunOnce(ctx, job)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		return res.Rows
	}
	inbox := func(tok, query string) notificationList {
		t.Helper()
		r := app.do("GET", "/api/v1/notifications"+query, tok, nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		var l notificationList
		r.decode(t, &l)
		return l
	}

	// Closes in 2 h: within the 24 h reminder window once a's bid exists.
	p := app.publishedProject(ent, nil)
	run("dispatch_events")
	t.Run("published in an item the agency offers", func(t *testing.T) {
		l := inbox(a, "")
		if l.Total != 1 || l.Items[0].Kind != "project.published" || *l.Items[0].ProjectID != p.ID || l.Items[0].ReadAt != nil {
			t.Errorf("agency a: %+v", l)
		}
		if l := inbox(b, ""); l.Total != 0 {
			t.Errorf("agency b (other item) notified: %+v", l)
		}
	})
	if r := app.do("PUT", bidPath(p.ID), a, map[string]any{"price": "66666.00"}); r.Status != 200 {
		t.Fatal(r.Status)
	}
	t.Run("closing soon, once", func(t *testing.T) {
		if n := run("notify_closing_soon"); n != 1 {
			t.Errorf("reminded %d", n)
		}
		if n := run("notify_closing_soon"); n != 0 {
			t.Errorf("reminded again: %d", n)
		}
		l := inbox(a, "?unread=true")
		if l.Total != 2 || l.Items[0].Kind != "project.closing_soon" {
			t.Errorf("%+v", l)
		}
	})
	t.Run("credit events reach the agency", func(t *testing.T) {
		storagetestExec(t, app.testApp, fmt.Sprintf(`INSERT INTO audit_log (at, actor_id, actor_role, action, subject_type, subject_id, summary)
			VALUES ('%s', 0, 'system', 'credit.suspended', 'agency', '%d', '{"until": "2027-05-25T00:00:00Z", "reason": "secret internal note"}')`,
			app.now.Format(time.RFC3339), aID))
		run("dispatch_events")
		l := inbox(a, "")
		if l.Total != 3 || l.Items[0].Kind != "credit.suspended" {
			t.Errorf("%+v", l)
		}
	})
	t.Run("mark read", func(t *testing.T) {
		l := inbox(a, "")
		r := app.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", l.Items[0].ID), a, nil)
		if r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if l := inbox(a, "?unread=true"); l.Total != 2 {
			t.Errorf("unread after one read: %d", l.Total)
		}
		if r := app.do("POST", fmt.Sprintf("/api/v1/notifications/%d/read", l.Items[0].ID), b, nil); r.Status != 404 {
			t.Errorf("another account marks it: %d", r.Status)
		}
		r = app.do("POST", "/api/v1/notifications/read-all", a, nil)
		var m struct{ Marked int }
		r.decode(t, &m)
		if m.Marked != 2 || inbox(a, "?unread=true").Total != 0 {
			t.Errorf("read-all marked %d", m.Marked)
		}
		if r := app.do("GET", "/api/v1/notifications", "", nil); r.Status != 401 {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := app.do("GET", "/api/v1/notifications?unread=maybe", a, nil); r.Status != 400 {
			t.Errorf("bad unread: %d", r.Status)
		}
	})
	t.Run("e-mail through SMTP", func(t *testing.T) {
		if n := run("send_email"); n != 3 {
			t.Errorf("sent %d mails, want 3", n)
		}
		msgs := sink.messages()
		if len(msgs) != 3 {
			t.Fatalf("sink got %d messages", len(msgs))
		}
		found := false
		for _, m := range msgs {
			if strings.Contains(m, "66666") {
				t.Errorf("mail reveals a bid price: %s", m)
			}
			if i := strings.Index(m, "\r\n\r\n"); i > 0 {
				body, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(m[i+4:]))
				found = found || strings.Contains(string(body), "已被暂停参与竞价")
			}
		}
		if !found {
			t.Errorf("no suspension mail in %q", msgs)
		}
		if n := run("send_email"); n != 0 {
			t.Errorf("re-sent %d", n)
		}
	})
}
