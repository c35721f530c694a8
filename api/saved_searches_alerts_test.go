package api_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/opendata"
	"marketplace/domain/search"
	"marketplace/jobs/outbound"
)

// TestSavedSearch_DailyDigestAt8Beijing: a daily search's matches wait for
// the next 08:00 Beijing time (00:00 UTC) and go out as one notification
// per account, once.
func TestSavedSearch_DailyDigestAt8Beijing(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.Periods.SessionTTL = 72 * time.Hour
	// 10:00 Beijing, today
	now := app.now
	local := now.In(calendar.Beijing)
	app.setNow(time.Date(local.Year(), local.Month(), local.Day(), 10, 0, 0, 0, calendar.Beijing).UTC())
	if app.now.After(now) {
		app.setNow(app.now.AddDate(0, 0, -1)) // sessions must not start in the future
	}
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	app.saveSearch(a, map[string]any{"q": "环评", "frequency": "daily"})
	app.saveSearch(a, map[string]any{"region": "湖北", "frequency": "daily"})
	app.publishedProject(ent, map[string]any{"title": "厂房环境影响报告表编制"})
	app.publishedProject(ent, map[string]any{"title": "仓库环境影响报告表编制"})
	app.runJob("match_saved_searches")
	digests := func() []opendata.Notification {
		var l notificationList
		app.do("GET", "/api/v1/notifications", a, nil).decode(t, &l)
		var out []opendata.Notification
		for _, n := range l.Items {
			if n.Kind == search.DigestKind {
				out = append(out, n)
			}
			if n.Kind == search.AlertKind {
				t.Errorf("a daily search alerted at once: %+v", n)
			}
		}
		return out
	}
	if n := app.runJob("saved_search_digest"); n != 0 || len(digests()) != 0 {
		t.Errorf("digest before 08:00: %d", n)
	}
	// The next 08:00 after the world's 10:00, which may be yesterday's
	// 10:00 (between 00:00 and 10:00 Beijing): counted from the clock as
	// set, not from the wall clock's date.
	ten := app.now.In(calendar.Beijing)
	eight := time.Date(ten.Year(), ten.Month(), ten.Day(), 8, 0, 0, 0, calendar.Beijing).AddDate(0, 0, 1)
	app.setNow(eight.Add(-time.Second))
	if n := app.runJob("saved_search_digest"); n != 0 {
		t.Errorf("digest at 07:59:59: %d", n)
	}
	app.setNow(eight)
	if n := app.runJob("saved_search_digest"); n != 1 {
		t.Errorf("digest at 08:00 wrote %d, want 1", n)
	}
	if n := app.runJob("saved_search_digest"); n != 0 {
		t.Errorf("digest re-run wrote %d", n)
	}
	d := digests()
	if len(d) != 1 || !strings.Contains(d[0].Body, "厂房环境影响报告表编制") || !strings.Contains(d[0].Body, "仓库环境影响报告表编制") ||
		!strings.HasSuffix(d[0].Title, "，2）") || d[0].ProjectID != nil {
		t.Errorf("digests: %+v", d)
	}
	if n := app.count("SELECT count(*) FROM saved_search_matches WHERE digest <> 'sent'"); n != 0 {
		t.Errorf("%d matches not sent", n)
	}
}

// TestSavedSearch_FeedAndEmail: the Atom feed lists the matched notices and
// nothing sealed; an unknown token is 404; an immediate alert is e-mailed.
func TestSavedSearch_FeedAndEmail(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	sink := newSMTPSink(t)
	app.Market.OpenData.Mailer = &outbound.SMTPMailer{Addr: sink.ln.Addr().String(), From: "noreply@zjcs.test"}
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	s := app.saveSearch(a, map[string]any{"name": "武汉环评", "q": "环评", "region": "湖北省武汉市"})
	p := app.publishedProject(ent, map[string]any{"title": "光谷厂房环境影响报告表编制"})
	other := app.publishedProject(ent, map[string]any{"title": "长沙厂房环境影响报告表编制", "region": "湖南省长沙市"})
	if r := app.do("PUT", bidPath(p.ID), a, map[string]any{"price": "66666.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	app.runJob("match_saved_searches")

	r := app.do("GET", s.FeedPath, "", nil)
	body := string(r.Body)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("feed: %d %s %s", r.Status, r.Header.Get("Content-Type"), body)
	}
	if !strings.Contains(body, "<feed") || !strings.Contains(body, "光谷厂房环境影响报告表编制") ||
		!strings.Contains(body, fmt.Sprintf("/projects/%d", p.ID)) || !strings.Contains(body, "武汉环评") {
		t.Errorf("feed lacks the notice: %s", body)
	}
	if strings.Contains(body, "长沙") || strings.Contains(body, fmt.Sprintf("/projects/%d\"", other.ID)) {
		t.Errorf("feed lists a notice the search does not match: %s", body)
	}
	if strings.Contains(body, "66666") || strings.Contains(body, "甲环境咨询") {
		t.Errorf("feed reveals a sealed bid: %s", body)
	}
	for _, tok := range []string{strings.Repeat("0", 64), "short", s.FeedToken[:40]} {
		if r := app.do("GET", "/feeds/saved-searches/"+tok, "", nil); r.Status != 404 {
			t.Errorf("token %q: %d", tok, r.Status)
		}
	}

	if n := app.runJob("send_email"); n < 1 {
		t.Fatalf("sent %d mails", n)
	}
	found := false
	for _, m := range sink.messages() {
		if strings.Contains(m, "66666") {
			t.Errorf("mail reveals a bid price: %s", m)
		}
		if i := strings.Index(m, "\r\n\r\n"); i > 0 {
			b, _ := base64.StdEncoding.DecodeString(strings.TrimSpace(m[i+4:]))
			found = found || strings.Contains(string(b), "光谷厂房环境影响报告表编制") && strings.Contains(string(b), "武汉环评")
		}
	}
	if !found {
		t.Errorf("no alert mail in %q", sink.messages())
	}
}
