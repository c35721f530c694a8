package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/storage/storagetest"
)

type auctionJSON struct {
	Status     string
	BestPrice  *string `json:"best_price"`
	Bids       int
	Extensions int
	ClosesAt   time.Time `json:"closes_at"`
	MyBidder   string    `json:"my_bidder"`
	History    []struct {
		Seq    int
		Bidder string
		Price  string
	}
}

func auctionBody(over map[string]any) map[string]any {
	body := map[string]any{"method": "reverse_auction", "ceiling_price": "100000.00", "min_step": "1000.00"}
	for k, v := range over {
		body[k] = v
	}
	return body
}

func auctionBid(app *biddingApp, id int64, token, price string) *response {
	return app.do("POST", fmt.Sprintf("/api/v1/projects/%d/auction/bids", id), token, map[string]string{"price": price})
}

func TestMarketplace_ReverseAuction(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.Periods.AuctionExtension = 5 * time.Minute
	app.Market.Periods.AuctionMaxExtensions = 2
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	_, b := app.agency("乙环境咨询有限公司", "NAT-01")
	_, outsider := app.agency("无此事项的咨询公司", "NAT-02")
	p := app.publishedProject(ent, auctionBody(map[string]any{"min_bids": 2}))
	url := fmt.Sprintf("/api/v1/projects/%d/auction", p.ID)

	steps := []struct {
		token, price string
		status       int
		code         string
	}{
		{a, "99000.01", 409, "price_not_below_best"}, // the first bid undercuts the ceiling by a step
		{a, "99000.00", 201, ""},
		{b, "98000.01", 409, "price_not_below_best"},
		{b, "98000.00", 201, ""},
		{a, "50000.00", 201, ""}, // bigger steps are fine
		{b, "1e5", 400, "money_format"},
		{b, "-1", 400, "money_format"},
		{b, "12.345", 400, "money_format"},
		{b, "１２３", 400, "money_format"},
		{b, "0.00", 400, "price_not_positive"},
		{outsider, "10000.00", 403, "item_not_offered"},
		{ent, "10000.00", 403, "forbidden"},
		{"", "10000.00", 401, "unauthenticated"},
	}
	for i, s := range steps {
		r := auctionBid(app, p.ID, s.token, s.price)
		if r.Status != s.status || (s.code != "" && r.errorCode(t) != s.code) {
			t.Errorf("step %d (%s): got %d %s, want %d %s", i, s.price, r.Status, r.Body, s.status, s.code)
		}
	}
	var st auctionJSON
	app.do("GET", url, "", nil).decode(t, &st)
	if st.BestPrice == nil || *st.BestPrice != "50000.00" || st.Bids != 3 || len(st.History) != 3 {
		t.Fatalf("state %+v", st)
	}
	if got := []string{st.History[0].Bidder, st.History[1].Bidder, st.History[2].Bidder}; fmt.Sprint(got) != "[竞价人 1 竞价人 2 竞价人 1]" {
		t.Errorf("labels %v", got)
	}
	app.do("GET", url, b, nil).decode(t, &st)
	if st.MyBidder != "竞价人 2" {
		t.Errorf("my_bidder %q", st.MyBidder)
	}
	var detail projectJSON
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &detail)
	if detail.Auction == nil || detail.Auction.Bids != 3 || *detail.Auction.BestPrice != "50000.00" {
		t.Errorf("detail auction %+v", detail.Auction)
	}
	if r := app.do("PUT", bidPath(p.ID), a, map[string]any{"price": "1.00"}); r.Status != 409 || r.errorCode(t) != "use_auction_endpoint" {
		t.Errorf("sealed bid on an auction: %d %s", r.Status, r.Body)
	}
	sealed := app.publishedProject(ent, nil)
	if r := auctionBid(app, sealed.ID, a, "1.00"); r.Status != 409 || r.errorCode(t) != "not_an_auction" {
		t.Errorf("auction bid on a sealed project: %d %s", r.Status, r.Body)
	}
	if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/auction", sealed.ID), "", nil); r.Status != 409 {
		t.Errorf("auction state of a sealed project: %d", r.Status)
	}

	t.Run("anti-sniping extensions, at most the maximum", func(t *testing.T) {
		close0 := p.ClosesAt
		app.setNow(close0.Add(-2 * time.Minute)) // inside the last 5 minutes
		prices := []string{"49000.00", "48000.00", "47000.00"}
		for i, price := range prices {
			if r := auctionBid(app, p.ID, []string{b, a, b}[i], price); r.Status != 201 {
				t.Fatalf("%d %s", r.Status, r.Body)
			}
			app.do("GET", url, "", nil).decode(t, &st)
			want := min(i+1, 2)
			if st.Extensions != want || !st.ClosesAt.Equal(close0.Add(time.Duration(want)*5*time.Minute)) {
				t.Errorf("after bid %d: extensions %d closes_at %v", i, st.Extensions, st.ClosesAt)
			}
			app.setNow(st.ClosesAt.Add(-time.Minute))
		}
		app.setNow(st.ClosesAt)
		if r := auctionBid(app, p.ID, a, "10000.00"); r.Status != 409 || r.errorCode(t) != "bidding_closed" {
			t.Errorf("bid at the extended close: %d %s", r.Status, r.Body)
		}
	})

	t.Run("close by the extended deadline", func(t *testing.T) {
		if run, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil || run.Rows < 1 {
			t.Fatalf("%+v %v", run, err)
		}
		var l struct{ Items []bidJSON }
		app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids", p.ID), ent, nil).decode(t, &l)
		got := map[string]string{}
		for _, b := range l.Items {
			got[b.Price] = b.Status
		}
		if len(l.Items) != 2 || got["47000.00"] != "valid" || got["48000.00"] != "valid" {
			t.Errorf("bids after close %v", got)
		}
		app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &detail)
		if detail.Status != "evaluating" {
			t.Errorf("status %s", detail.Status)
		}
	})
}

// Concurrent auction bids serialise on the project row: the recorded
// prices strictly decrease by at least the step, and every accepted bid is
// recorded.
func TestMarketplace_AuctionConcurrent(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	const agencies = 12
	tokens := make([]string, agencies)
	for i := range tokens {
		_, tokens[i] = app.agency(fmt.Sprintf("竞价测试公司%02d", i), "NAT-01")
	}
	p := app.publishedProject(ent, auctionBody(map[string]any{"ceiling_price": "1000000.00", "min_step": "5000.00"}))
	var mu sync.Mutex
	accepted := map[string]bool{}
	var ok, lost atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for i := range tokens {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for k := 0; k < 12; k++ {
				var st auctionJSON
				app.do("GET", fmt.Sprintf("/api/v1/projects/%d/auction", p.ID), "", nil).decode(t, &st)
				best, _ := domain.ParseMoney("1000000.00")
				if st.BestPrice != nil {
					best, _ = domain.ParseMoney(*st.BestPrice)
				}
				price := (best - 500000 - domain.Money(i)).String()
				r := auctionBid(app, p.ID, tokens[i], price)
				switch r.Status {
				case 201:
					ok.Add(1)
					mu.Lock()
					accepted[price] = true
					mu.Unlock()
				case 409: // someone undercut first
					lost.Add(1)
				default:
					t.Errorf("%d %s", r.Status, r.Body)
				}
			}
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	t.Logf("auction: %d accepted, %d outbid, in %v (%.0f accepted bids/s, %.0f bid attempts/s)", ok.Load(), lost.Load(),
		elapsed.Round(time.Millisecond), float64(ok.Load())/elapsed.Seconds(), float64(ok.Load()+lost.Load())/elapsed.Seconds())
	rows, err := app.DB.SQL().Query(fmt.Sprintf("SELECT seq, price_fen FROM auction_bids WHERE project_id = %d ORDER BY seq", p.ID))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	prev, n := int64(100000000), 0
	for rows.Next() {
		var seq int
		var price int64
		rows.Scan(&seq, &price)
		n++
		if seq != n {
			t.Errorf("seq %d at position %d", seq, n)
		}
		if prev-price < 500000 {
			t.Errorf("seq %d: %d after %d, not a full step lower", seq, price, prev)
		}
		if !accepted[domain.Money(price).String()] {
			t.Errorf("seq %d price %d was not an accepted response", seq, price)
		}
		prev = price
	}
	if int64(n) != ok.Load() || n != len(accepted) {
		t.Errorf("%d recorded, %d accepted", n, ok.Load())
	}
	var st auctionJSON
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d/auction", p.ID), "", nil).decode(t, &st)
	if st.Bids != n || *st.BestPrice != domain.Money(prev).String() {
		t.Errorf("state %d bids best %s; recorded %d, last %d", st.Bids, *st.BestPrice, n, prev)
	}
}

// sseEvent reads the next server-sent event.
func sseEvent(t *testing.T, rd *bufio.Reader) (string, []byte) {
	t.Helper()
	var event string
	var data []byte
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatalf("stream: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && event != "":
			return event, data
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = []byte(strings.TrimPrefix(line, "data: "))
		}
	}
}

// A bid accepted by one replica reaches a stream served by another: two
// servers, each with its own LISTEN connection, on one database.
func TestMarketplace_AuctionStream(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	l1, err := app.DB.ListenAuctions(context.Background(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer l1.Close()
	app.Market.Auctions = l1
	// replica 2: another marketplace and server over the same database
	l2, err := app.DB.ListenAuctions(context.Background(), log)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	m2 := domain.NewMarketplace(app.DB, storagetest.FastHasher, app.Market.Periods)
	m2.Auctions = l2
	s2 := httptest.NewServer((&api.Server{Market: m2, Site: portal(t, m2), Log: log}).Handler())
	defer s2.Close()

	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, a := app.agency("甲环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, auctionBody(nil))

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/projects/%d/auction/stream", s2.URL, p.ID), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rd := bufio.NewReader(res.Body)
	if ev, data := sseEvent(t, rd); ev != "state" || !strings.Contains(string(data), `"bids":0`) {
		t.Fatalf("first event %s %s", ev, data)
	}
	if r := auctionBid(app, p.ID, a, "95000.00"); r.Status != 201 { // on replica 1
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	ev, data := sseEvent(t, rd)
	var got market.AuctionEvent
	json.Unmarshal(data, &got)
	if ev != "bid" || got.BestPrice == nil || got.BestPrice.String() != "95000.00" || got.Bidder != "竞价人 1" || got.Bids != 1 {
		t.Fatalf("bid event %s %s", ev, data)
	}
	if strings.Contains(string(data), "甲环境") {
		t.Errorf("the event names the bidder: %s", data)
	}
	// the close ends the stream with a "closed" event
	app.setNow(p.ClosesAt)
	if _, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil {
		t.Fatal(err)
	}
	if ev, data := sseEvent(t, rd); ev != "closed" || !strings.Contains(string(data), `"status":"evaluating"`) {
		t.Errorf("close event %s %s", ev, data)
	}
	// without a feed, the stream is refused cleanly
	app.Market.Auctions = nil
	if r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d/auction/stream", p.ID), "", nil); r.Status != 409 {
		t.Errorf("no feed: %d", r.Status)
	}
}

// Shutdown ends open streams at once (ordinary requests are left to finish).
func TestServer_BeginShutdownEndsStreams(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	l, err := app.DB.ListenAuctions(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	app.Market.Auctions = l
	_, ent := app.register("enterprise", "停机测试企业有限公司")
	app.agency("停机测试中介有限公司", "NAT-01") // a project no agency could bid on is not published
	p := app.publishedProject(ent, auctionBody(nil))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/projects/%d/auction/stream", app.URL, p.ID), nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	rd := bufio.NewReader(res.Body)
	if ev, _ := sseEvent(t, rd); ev != "state" {
		t.Fatalf("first event %q", ev)
	}
	app.Server.BeginShutdown()
	if _, err := io.ReadAll(rd); err != nil {
		t.Fatalf("stream did not end cleanly: %v", err)
	}
	if ctx.Err() != nil {
		t.Fatal("the stream was still open when the test's deadline passed")
	}
}
