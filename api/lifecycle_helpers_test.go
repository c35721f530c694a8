package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"marketplace/domain/market"
	"marketplace/storage"
)

// lifeApp drives projects past bidding with short periods and a clock the
// test moves (sessions last long enough for the clock to jump days).
type lifeApp struct {
	*biddingApp
	t *testing.T
}

const (
	testPublicity = 10 * time.Second
	testAnswer    = 5 * time.Second
	testSigning   = 10 * time.Second
	testEvaluate  = 10 * time.Second
)

func newLifeApp(t *testing.T) *lifeApp {
	t.Helper()
	b := newBiddingApp(t)
	p := &b.Market.Periods
	p.Publicity, p.ObjectionAnswer, p.Signing, p.Evaluation = market.PeriodOf(testPublicity), market.PeriodOf(testAnswer), market.PeriodOf(testSigning), market.PeriodOf(testEvaluate)
	p.SessionTTL = 24 * 365 * time.Hour
	files, err := storage.NewFiles(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b.Market.Files = files
	return &lifeApp{biddingApp: b, t: t}
}

// advance moves the platform clock forward.
func (a *lifeApp) advance(d time.Duration) { a.setNow(a.now.Add(d)) }

// run runs one job once and returns the rows it changed.
func (a *lifeApp) run(job string) int {
	a.t.Helper()
	r, err := a.Jobs.RunOnce(context.Background(), job)
	if err != nil {
		a.t.Fatalf("job %s: %v", job, err)
	}
	return r.Rows
}

type bidder struct {
	id    int64
	token string
	price string
}

// closedProject publishes a project as owner, has each bidder bid (sealed,
// or in the auction for reverse auctions), then moves the clock past the
// deadline and runs the close job.
func (a *lifeApp) closedProject(owner string, over map[string]any, bidders ...bidder) projectJSON {
	a.t.Helper()
	p := a.publishedProject(owner, over)
	for _, b := range bidders {
		var r *response
		if p.Method == "reverse_auction" {
			r = a.do("POST", fmt.Sprintf("/api/v1/projects/%d/auction/bids", p.ID), b.token, map[string]string{"price": b.price})
		} else {
			r = a.do("PUT", bidPath(p.ID), b.token, map[string]any{"price": b.price, "proposal": "技术方案"})
		}
		if r.Status != 200 && r.Status != 201 {
			a.t.Fatalf("bid %s on %d: %d %s", b.price, p.ID, r.Status, r.Body)
		}
	}
	a.setNow(p.ClosesAt.Add(time.Second))
	a.run("close_bidding")
	return a.project(p.ID)
}

func (a *lifeApp) project(id int64) projectJSON {
	a.t.Helper()
	var p projectJSON
	r := a.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), "", nil)
	if r.Status != 200 {
		a.t.Fatalf("get project %d: %d %s", id, r.Status, r.Body)
	}
	r.decode(a.t, &p)
	return p
}

type resultJSON struct {
	Method   string
	AgencyID int64 `json:"agency_id"`
	Price    string
	Seed     string
	Ranking  []struct {
		Rank     int
		BidID    *int64 `json:"bid_id"`
		AgencyID int64  `json:"agency_id"`
		Price    string
		Score    *float64
		Status   string
	}
	Draw *struct {
		Input string
		Seed  string
		Order []int64
	}
}

func (a *lifeApp) result(id int64) (resultJSON, []byte) {
	a.t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), "", nil)
	var p struct{ Result json.RawMessage }
	r.decode(a.t, &p)
	var res resultJSON
	if err := json.Unmarshal(p.Result, &res); err != nil {
		a.t.Fatalf("result of %d: %v (%s)", id, err, p.Result)
	}
	return res, r.Body
}

type lifecycleJSON struct {
	Status                    string
	AwardedAgencyID           *int64     `json:"awarded_agency_id"`
	PublicityEndsAt           *time.Time `json:"publicity_ends_at"`
	PublicityRemainingSeconds *float64   `json:"publicity_remaining_seconds"`
	SigningDueAt              *time.Time `json:"signing_due_at"`
	ServiceDueAt              *time.Time `json:"service_due_at"`
	Overdue                   bool
	EvaluationDueAt           *time.Time `json:"evaluation_due_at"`
	Candidates                []struct {
		Rank     int
		AgencyID int64 `json:"agency_id"`
		Status   string
	}
	Contract *struct {
		Hash string
	}
	Evaluation *struct {
		Quality   int
		IsDefault bool `json:"is_default"`
		Reply     *string
	}
}

func (a *lifeApp) lifecycle(id int64) lifecycleJSON {
	a.t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/projects/%d/lifecycle", id), "", nil)
	if r.Status != 200 {
		a.t.Fatalf("lifecycle %d: %d %s", id, r.Status, r.Body)
	}
	var l lifecycleJSON
	r.decode(a.t, &l)
	return l
}

// expect checks the status of a request and, when code is set, its error code.
func (a *lifeApp) expect(r *response, status int, code string) {
	a.t.Helper()
	if r.Status != status {
		a.t.Fatalf("got %d, want %d: %s", r.Status, status, r.Body)
	}
	if code != "" {
		if got := r.errorCode(a.t); got != code {
			a.t.Fatalf("error code %q, want %q: %s", got, code, r.Body)
		}
	}
}

func (a *lifeApp) post(path, token string, body any) *response {
	return a.do("POST", path, token, body)
}

func pp(id int64, rest string) string { return fmt.Sprintf("/api/v1/projects/%d%s", id, rest) }

// creditPoints sums an agency's credit events of kind.
func (a *lifeApp) creditEvents(agencyID int64, kind string) int64 {
	return a.count(fmt.Sprintf("SELECT count(*) FROM credit_events WHERE agency_id = %d AND kind = '%s'", agencyID, kind))
}

// finish drives a project in publicity to completed: publicity ends, both
// sign, the agency delivers, the owner accepts and evaluates, the agency
// replies. It checks every state on the way.
func (a *lifeApp) finish(id int64, owner, agency string, agencyID int64) {
	a.t.Helper()
	if l := a.lifecycle(id); l.Status != "publicity" || l.AwardedAgencyID == nil || *l.AwardedAgencyID != agencyID {
		a.t.Fatalf("before award: %+v", l)
	}
	a.advance(testPublicity + time.Second)
	if n := a.run("end_publicity"); n < 1 {
		a.t.Fatalf("end_publicity changed %d rows", n)
	}
	if l := a.lifecycle(id); l.Status != "awarded" || l.SigningDueAt == nil {
		a.t.Fatalf("after publicity: %+v", l)
	}
	a.expect(a.post(pp(id, "/contract/sign"), agency, nil), 200, "")
	a.expect(a.post(pp(id, "/contract/sign"), agency, nil), 409, "already_signed")
	a.expect(a.post(pp(id, "/contract/sign"), owner, nil), 200, "")
	l := a.lifecycle(id)
	if l.Status != "contracted" || l.Contract == nil || len(l.Contract.Hash) != 64 || l.ServiceDueAt == nil {
		a.t.Fatalf("after signing: %+v", l)
	}
	if n := a.count(fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'contract.signed' AND subject_id = '%d' AND summary LIKE '%%%s%%'", id, l.Contract.Hash)); n != 1 {
		a.t.Fatalf("contract hash in %d audit rows", n)
	}
	a.expect(a.post(pp(id, "/delivery"), agency, map[string]any{"note": "报告已提交"}), 201, "")
	a.expect(a.post(pp(id, "/acceptance"), owner, map[string]any{"accept": true}), 200, "")
	if l := a.lifecycle(id); l.Status != "accepted" || l.EvaluationDueAt == nil {
		a.t.Fatalf("after acceptance: %+v", l)
	}
	a.expect(a.post(pp(id, "/evaluation"), owner, map[string]any{"quality": 5, "timeliness": 4, "attitude": 5, "fee": 4, "comment": "专业、及时"}), 201, "")
	a.expect(a.post(pp(id, "/evaluation/reply"), agency, map[string]any{"reply": "感谢评价"}), 200, "")
	l = a.lifecycle(id)
	if l.Status != "completed" || l.Evaluation == nil || l.Evaluation.IsDefault || l.Evaluation.Reply == nil {
		a.t.Fatalf("after evaluation: %+v", l)
	}
	if a.creditEvents(agencyID, "evaluation") < 1 {
		a.t.Fatal("no evaluation credit event")
	}
}

// deliverWithDocument posts a delivery as multipart with a note and a PDF.
func (a *lifeApp) deliverWithDocument(id int64, token string) *response {
	a.t.Helper()
	ct, body := multipartBody(a.t, map[string]string{"note": "报告正文见附件"}, "report.pdf", []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	req, err := http.NewRequest("POST", a.URL+pp(id, "/delivery"), body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	return a.send(req)
}
