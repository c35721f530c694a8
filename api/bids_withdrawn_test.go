package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// withdrawnSecrets are the price (as JSON, as fen, as the pages print it) and
// the proposal of the bid withdrawn in TestMarketplace_WithdrawnBidStaysWithdrawn.
var withdrawnSecrets = []string{"61234.57", "6123457", "61,234.57", "撤回前的绝密技术方案"}

// A bid withdrawn before the deadline never comes back: after the close no
// reader — the owner's bid list (API and page), the result and ranking, open
// data, CSV exports, the supervision pages of departments and admins —
// shows its price or proposal. Supervisors still see that the withdrawal
// happened, in the bid evidence of a risk flag.
func TestMarketplace_WithdrawnBidStaysWithdrawn(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, owner := app.register("enterprise", "武汉某制造有限公司")
	_, dept := app.staff("department", "某市生态环境局")
	_, adm := app.staff("admin", "平台管理员")
	_, stayer := app.agency("留下咨询有限公司", "NAT-01")
	_, honest := app.agency("诚实咨询有限公司", "NAT-01")
	quitterID, quitter := app.agency("撤回咨询有限公司", "NAT-01")
	p := app.publishedProject(owner, nil)

	// The quitter bids from the stayer's browser (so a shared-client flag
	// shows its evidence to supervisors), then withdraws.
	app.bidAs(stayer, p.ID, "RingBrowser/1.0", "90000.00", ringProposal)
	app.bidAs(honest, p.ID, "HonestBrowser/2.0", "94000.00", "我单位安排两名高级工程师驻场开展调查。")
	app.bidAs(quitter, p.ID, "RingBrowser/1.0", "61234.57", "撤回前的绝密技术方案：低价中标后再变更。")
	req, _ := http.NewRequest("DELETE", app.URL+bidPath(p.ID), nil)
	req.Header.Set("Authorization", "Bearer "+quitter)
	req.Header.Set("User-Agent", "RingBrowser/1.0")
	if r := app.send(req); r.Status != http.StatusOK {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	app.setNow(p.ClosesAt.Add(time.Second))
	for _, job := range []string{"close_bidding", "select_results", "dispatch_events", "risk_on_close"} {
		app.run(job)
	}
	if got := app.project(p.ID).Status; got != "publicity" {
		t.Fatalf("project %s after close, want publicity", got)
	}

	// The withdrawn bid is still the quitter's own to read: this proves the
	// sweep below looks for the right strings.
	if r := app.do("GET", bidPath(p.ID), quitter, nil); !bytes.Contains(r.Body, []byte("61234.57")) || !bytes.Contains(r.Body, []byte("withdrawn")) {
		t.Fatalf("the quitter's own bid: %d %s", r.Status, r.Body)
	}
	// The owner's list holds exactly the two live bids.
	var bids struct {
		Items []struct {
			AgencyID int64 `json:"agency_id"`
			Price    string
			Status   string
		}
		Total int
	}
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d/bids", p.ID), owner, nil).decode(t, &bids)
	if bids.Total != 2 || len(bids.Items) != 2 {
		t.Errorf("owner's bid list: total %d, %d items, want the 2 live bids: %+v", bids.Total, len(bids.Items), bids.Items)
	}
	for _, b := range bids.Items {
		if b.AgencyID == quitterID || b.Status == "withdrawn" {
			t.Errorf("owner's bid list shows the withdrawn bid: %+v", b)
		}
	}

	// Supervisors see that the withdrawal happened, without its price.
	flags := app.risks(dept, fmt.Sprintf("?project_id=%d", p.ID))
	sawWithdrawal := false
	var flagIDs []int64
	for _, f := range flags.Items {
		flagIDs = append(flagIDs, f.ID)
		r := app.do("GET", fmt.Sprintf("/supervision/risks/%d", f.ID), dept, nil)
		// The evidence action, in the reader's language (the cell carries its phone label).
		if r.Status == http.StatusOK && bytes.Contains(r.Body, []byte(">撤回报价</td>")) {
			sawWithdrawal = true
		}
	}
	if !sawWithdrawal {
		t.Errorf("no risk flag page shows the withdrawal to a department (%d flags)", len(flags.Items))
	}

	// Every GET route (API and pages) as every reader, with the project's
	// id (and each flag's) in every path parameter, plus the CSV exports.
	var pj struct{ OCID string }
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &pj)
	var paths []string
	for _, rt := range app.Server.Handler().Routes() {
		if rt.Method != http.MethodGet || strings.HasSuffix(rt.Path, "/stream") || strings.Contains(rt.Path, "*") {
			continue // event streams never end; wildcards are the 404 catch-alls
		}
		ids := []int64{p.ID}
		if strings.Contains(rt.Path, "/supervision/risks/:id") {
			ids = flagIDs
		}
		for _, id := range ids {
			path := strings.NewReplacer(":id", fmt.Sprint(id), ":code", "NAT-01", ":ocid", pj.OCID).Replace(rt.Path)
			paths = append(paths, path)
		}
	}
	paths = append(paths, "/api/v1/stats?format=csv", "/api/v1/credit/monitor?format=csv")
	readers := map[string]string{"anonymous": "", "owner": owner, "department": dept, "admin": adm, "other bidder": honest, "winner": stayer}
	swept := 0
	for who, tok := range readers {
		for _, path := range paths {
			r := app.do("GET", path, tok, nil)
			swept++
			for _, s := range withdrawnSecrets {
				if bytes.Contains(r.Body, []byte(s)) {
					t.Errorf("%s GET %s (%d) shows the withdrawn bid's %q", who, path, r.Status, s)
				}
			}
		}
	}
	t.Logf("swept %d GET requests (%d paths × %d readers)", swept, len(paths), len(readers))
}
