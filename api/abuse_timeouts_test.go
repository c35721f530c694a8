package api_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"marketplace/api"
)

// The server's timeouts are set, a slow sender of headers is dropped, and
// a live auction stream outlives the read and write timeouts.
func TestServer_Timeouts(t *testing.T) {
	t.Parallel()
	d := api.DefaultTimeouts()
	srv := (&api.Server{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).HTTPServer()
	if srv.ReadHeaderTimeout != d.ReadHeader || srv.ReadTimeout != d.Read || srv.WriteTimeout != d.Write || srv.IdleTimeout != d.Idle ||
		d.ReadHeader <= 0 || d.Read <= 0 || d.Write <= 0 || d.Idle <= 0 {
		t.Errorf("timeouts %+v of server %+v", d, srv)
	}

	app := newBiddingApp(t)
	l, err := app.DB.ListenAuctions(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	app.Market.Auctions = l
	short := 300 * time.Millisecond
	s := &api.Server{Market: app.Market, Site: portal(t, app.Market), Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Timeouts: api.Timeouts{ReadHeader: short, Read: short, Write: short, Idle: short}}
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = s.HTTPServer()
	ts.Start()
	defer ts.Close()

	t.Run("slow headers are cut", func(t *testing.T) {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n") // never finished
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		_, err = io.ReadAll(conn)
		if err != nil || time.Since(start) > 3*time.Second {
			t.Errorf("the connection stayed open for %s (%v)", time.Since(start), err)
		}
	})

	t.Run("the auction stream outlives the timeouts", func(t *testing.T) {
		_, ent := app.register("enterprise", "超时测试企业有限公司")
		_, a := app.agency("甲环境咨询有限公司", "NAT-01")
		p := app.publishedProject(ent, auctionBody(nil))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/projects/%d/auction/stream", ts.URL, p.ID), nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		rd := bufio.NewReader(res.Body)
		if ev, _ := sseEvent(t, rd); ev != "state" {
			t.Fatalf("first event %q", ev)
		}
		// Nothing to await: the point is that the timeouts pass.
		time.Sleep(3 * short)
		if r := auctionBid(app, p.ID, a, "95000.00"); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if ev, _ := sseEvent(t, rd); ev != "bid" {
			t.Errorf("event %q after the timeouts", ev)
		}
	})
}
