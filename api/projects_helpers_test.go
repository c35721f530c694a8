package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain/market"
)

// biddingApp is a test app with a fixed platform clock near real time
// (sessions stay valid) and a one-hour minimum bidding window.
type biddingApp struct {
	*testApp
	now time.Time
}

func newBiddingApp(t *testing.T, opts ...func(*api.Server)) *biddingApp {
	t.Helper()
	app := newTestApp(t, opts...)
	app.Market.Periods.MinBiddingWindow = market.PeriodOf(time.Hour)
	b := &biddingApp{testApp: app}
	b.setNow(time.Now().UTC().Truncate(time.Second))
	return b
}

// setNow moves the platform clock (both publish and bid read it).
func (a *biddingApp) setNow(t time.Time) {
	a.now = t
	a.DB.Clock().Set(func() time.Time { return t })
}

// agency registers an agency offering items (written directly, as the
// agencies issue's profile endpoint would).
func (a *biddingApp) agency(name string, items ...string) (int64, string) {
	a.t.Helper()
	id, token := a.register("agency", name)
	for _, it := range items {
		storagetestExec(a.t, a.testApp, fmt.Sprintf("INSERT INTO agency_items (agency_id, item_code) VALUES (%d, '%s')", id, it))
	}
	return id, token
}

// projectBody is a valid enterprise lowest-price project on NAT-01 closing
// in two hours; override fields as needed.
func (a *biddingApp) projectBody(over map[string]any) map[string]any {
	body := map[string]any{
		"title": "某工业园区新建厂房环境影响报告表编制", "description": "编制环境影响报告表并配合审批。",
		"item_code": "NAT-01", "region": "湖北省武汉市", "method": "lowest_price",
		"bidding_closes_at": a.now.Add(2 * time.Hour).Format(time.RFC3339), "service_days": 30,
		"ceiling_price": "100000.00", "min_bids": 1,
	}
	for k, v := range over {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return body
}

type projectJSON struct {
	ID              int64
	Status          string
	Method          string
	Funding         string
	MinBids         int        `json:"min_bids"`
	ClosesAt        time.Time  `json:"closes_at"`
	PreviousRoundID *int64     `json:"previous_round_id"`
	ClosedAt        *time.Time `json:"closed_at"`
	Avoid           []market.Avoid
	Auction         *struct {
		BestPrice *string `json:"best_price"`
		Bids      int
	}
}

// publishedProject creates and publishes a project as token's owner.
func (a *biddingApp) publishedProject(token string, over map[string]any) projectJSON {
	a.t.Helper()
	r := a.do("POST", "/api/v1/projects", token, a.projectBody(over))
	if r.Status != http.StatusCreated {
		a.t.Fatalf("create project: %d %s", r.Status, r.Body)
	}
	var p projectJSON
	r.decode(a.t, &p)
	r = a.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), token, nil)
	if r.Status != http.StatusOK {
		a.t.Fatalf("publish project: %d %s", r.Status, r.Body)
	}
	r.decode(a.t, &p)
	return p
}

func (a *biddingApp) count(sql string) int64 {
	a.t.Helper()
	var n int64
	storagetestCount(a.t, a.testApp, sql, &n)
	return n
}

func bidPath(id int64) string { return fmt.Sprintf("/api/v1/projects/%d/bids/mine", id) }
