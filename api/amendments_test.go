package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"marketplace/domain/market"
)

type amendmentJSON struct {
	ID            int64
	Rationale     string
	Changes       []struct{ Field string }
	ClosesBefore  time.Time `json:"closes_before"`
	ClosesAfter   time.Time `json:"closes_after"`
	CloseExtended bool      `json:"close_extended"`
}

func amendPath(id int64) string { return fmt.Sprintf("/api/v1/projects/%d/amendments", id) }

type bidStateJSON struct {
	Status            string
	InvalidReason     string `json:"invalid_reason"`
	NeedsConfirmation bool   `json:"needs_confirmation"`
}

func (a *biddingApp) myBid(token string, projectID int64) bidStateJSON {
	a.t.Helper()
	var b bidStateJSON
	r := a.do("GET", bidPath(projectID), token, nil)
	if r.Status != http.StatusOK {
		a.t.Fatalf("my bid: %d %s", r.Status, r.Body)
	}
	r.decode(a.t, &b)
	return b
}

// notificationKinds returns the kinds of token's notifications on project id.
func (a *biddingApp) notificationKinds(token string, projectID int64) []string {
	a.t.Helper()
	var l struct {
		Items []struct {
			Kind      string
			ProjectID *int64 `json:"project_id"`
		}
	}
	a.do("GET", "/api/v1/notifications", token, nil).decode(a.t, &l)
	var out []string
	for _, n := range l.Items {
		if n.ProjectID != nil && *n.ProjectID == projectID {
			out = append(out, n.Kind)
		}
	}
	return out
}

// An amendment that leaves less than the minimum before the close moves
// the close (platform clock), flags the bids, tells every bidder; a bid
// neither confirmed nor revised is invalid at the close, with the reason.
func TestAmendment_DeadlineConfirmationAndClose(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	// Shorter than the 72 h default so that the sessions outlive the close.
	app.Market.Periods.AmendmentMinRemaining = 3 * time.Hour
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, confirmer := app.agency("确认咨询有限公司", "NAT-01")
	_, reviser := app.agency("修改咨询有限公司", "NAT-01")
	_, silent := app.agency("沉默咨询有限公司", "NAT-01")
	_, bystander := app.agency("旁观咨询有限公司", "NAT-01")
	_, asker := app.agency("提问咨询有限公司", "NAT-01")
	app.Market.Periods.QuestionCutoff = time.Hour
	p := app.publishedProject(ent, map[string]any{"min_bids": 1})
	// An agency that asked a question without bidding is told too.
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/questions", p.ID), asker, map[string]any{"question": "服务范围是否包含现场踏勘？"}); r.Status != http.StatusCreated {
		t.Fatalf("ask: %d %s", r.Status, r.Body)
	}
	for _, tok := range []string{confirmer, reviser, silent} {
		if r := app.do("PUT", bidPath(p.ID), tok, map[string]any{"price": "90000.00"}); r.Status != http.StatusOK {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
	}

	// An hour and a half remains; the minimum is three hours on the platform clock.
	app.setNow(app.now.Add(30 * time.Minute))
	r := app.do("POST", amendPath(p.ID), ent, map[string]any{"rationale": "最高限价调整", "ceiling_price": "95000.00"})
	if r.Status != http.StatusCreated {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}
	var a amendmentJSON
	r.decode(t, &a)
	wantClose := app.now.Add(app.Market.Periods.AmendmentMinRemaining)
	if !a.CloseExtended || !a.ClosesAfter.Equal(wantClose) || !a.ClosesBefore.Equal(p.ClosesAt) || len(a.Changes) != 1 || a.Changes[0].Field != "ceiling_price" {
		t.Fatalf("amendment %+v, want the close at %v", a, wantClose)
	}
	var got projectJSON
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &got)
	if !got.ClosesAt.Equal(wantClose) {
		t.Errorf("project closes_at %v, want %v", got.ClosesAt, wantClose)
	}

	// The bids wait for their agencies; each bidder, and no one else, is told.
	for _, tok := range []string{confirmer, reviser, silent} {
		if b := app.myBid(tok, p.ID); !b.NeedsConfirmation {
			t.Errorf("bid not flagged: %+v", b)
		}
		if k := app.notificationKinds(tok, p.ID); len(k) != 1 || k[0] != market.AmendmentKind {
			t.Errorf("bidder notifications %v", k)
		}
	}
	if k := app.notificationKinds(asker, p.ID); !slices.Contains(k, market.AmendmentKind) {
		t.Errorf("the agency that asked a question was not told of the amendment: %v", k)
	}
	for name, tok := range map[string]string{"bystander": bystander, "owner": ent} {
		if k := app.notificationKinds(tok, p.ID); len(k) != 0 {
			t.Errorf("%s notified: %v", name, k)
		}
	}

	if r := app.do("POST", bidPath(p.ID)+"/confirm", confirmer, nil); r.Status != http.StatusOK {
		t.Fatalf("confirm: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", bidPath(p.ID)+"/confirm", confirmer, nil); r.Status != http.StatusConflict || r.errorCode(t) != "bid_confirmation_not_needed" {
		t.Errorf("confirm twice: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", bidPath(p.ID)+"/confirm", bystander, nil); r.Status != http.StatusNotFound {
		t.Errorf("confirm without a bid: %d %s", r.Status, r.Body)
	}
	if r := app.do("PUT", bidPath(p.ID), reviser, map[string]any{"price": "94000.00"}); r.Status != http.StatusOK {
		t.Fatalf("revise: %d %s", r.Status, r.Body)
	}
	for _, tok := range []string{confirmer, reviser} {
		if b := app.myBid(tok, p.ID); b.NeedsConfirmation {
			t.Errorf("confirmed or revised bid still flagged: %+v", b)
		}
	}

	// The old close has passed: bidding is still open.
	app.setNow(p.ClosesAt.Add(time.Minute))
	if run, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil || run.Rows != 0 {
		t.Fatalf("closed at the old deadline: %+v %v", run, err)
	}
	app.setNow(wantClose)
	if run, err := app.Jobs.RunOnce(context.Background(), "close_bidding"); err != nil || run.Rows != 1 {
		t.Fatalf("close: %+v %v", run, err)
	}
	want := map[string]bidStateJSON{
		confirmer: {Status: "valid"},
		reviser:   {Status: "valid"},
		silent:    {Status: "invalid", InvalidReason: market.BidInvalidUnconfirmed, NeedsConfirmation: true},
	}
	for tok, w := range want {
		if b := app.myBid(tok, p.ID); b != w {
			t.Errorf("after the close %+v, want %+v", b, w)
		}
	}
}

// Refused amendments change nothing: an earlier close, the method, the
// funding, nothing at all, a draft, someone else's project.
func TestAmendment_Refused(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, other := app.register("enterprise", "另一家企业有限公司")
	app.agency("投标咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	draft := app.draftProject(ent, nil)
	cases := []struct {
		name   string
		token  string
		id     int64
		body   map[string]any
		status int
		reason string
	}{
		{"earlier close", ent, p.ID, map[string]any{"rationale": "提前截止", "closes_at": p.ClosesAt.Add(-time.Minute)}, 400, "amendment_earlier_close"},
		{"method", ent, p.ID, map[string]any{"rationale": "改为竞价", "method": "reverse_auction"}, 400, "amendment_method_change"},
		{"funding", ent, p.ID, map[string]any{"rationale": "改为财政资金", "funding": "budget"}, 400, "amendment_funding_change"},
		{"nothing", ent, p.ID, map[string]any{"rationale": "无变化", "service_days": 30}, 400, "amendment_empty"},
		{"no rationale", ent, p.ID, map[string]any{"service_days": 20}, 400, "amendment_rationale_length"},
		{"bad service days", ent, p.ID, map[string]any{"rationale": "工期", "service_days": 0}, 400, "service_days_range"},
		{"unknown document", ent, p.ID, map[string]any{"rationale": "补充附件", "add_documents": []int64{999999}}, 400, "amendment_document_not_pending"},
		{"draft", ent, draft.ID, map[string]any{"rationale": "修改", "service_days": 20}, 409, "amendment_not_bidding"},
		{"not owner", other, p.ID, map[string]any{"rationale": "修改", "service_days": 20}, 403, "not_owner"},
		{"anonymous", "", p.ID, map[string]any{"rationale": "修改", "service_days": 20}, 401, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := app.do("POST", amendPath(c.id), c.token, c.body)
			if r.Status != c.status || (c.reason != "" && r.errorCode(t) != c.reason) {
				t.Errorf("%d %s, want %d %s", r.Status, r.Body, c.status, c.reason)
			}
		})
	}
	if n := app.count("SELECT count(*) FROM project_amendments"); n != 0 {
		t.Errorf("%d amendments stored", n)
	}
	var got projectJSON
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &got)
	if !got.ClosesAt.Equal(p.ClosesAt) || got.Method != p.Method || got.Funding != p.Funding {
		t.Errorf("project changed: %+v", got)
	}
}

// An amendment publishes pending documents and supersedes published ones,
// which stay listed and downloadable, marked.
func TestAmendment_Documents(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	app.agency("投标咨询有限公司", "NAT-01")
	draft := app.draftProject(ent, nil)
	var orig, repl noticeDocJSON
	app.uploadNoticeDocument(ent, draft.ID, "采购需求书", "采购需求书.pdf", samplePDF).decode(t, &orig)
	if r := app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", draft.ID), ent, nil); r.Status != http.StatusOK {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	app.uploadNoticeDocument(ent, draft.ID, "采购需求书（更正）", "采购需求书（更正）.pdf", samplePNG).decode(t, &repl)
	if !repl.Pending {
		t.Fatalf("upload after publish not pending: %+v", repl)
	}
	// A superseded document must be a published one.
	r := app.do("POST", amendPath(draft.ID), ent, map[string]any{"rationale": "更正需求书", "supersede_documents": []int64{repl.ID}})
	if r.Status != http.StatusBadRequest || r.errorCode(t) != "amendment_document_not_current" {
		t.Errorf("supersede a pending one: %d %s", r.Status, r.Body)
	}
	r = app.do("POST", amendPath(draft.ID), ent, map[string]any{"rationale": "更正需求书",
		"add_documents": []int64{repl.ID}, "supersede_documents": []int64{orig.ID}})
	if r.Status != http.StatusCreated {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}
	var a amendmentJSON
	r.decode(t, &a)
	if len(a.Changes) != 1 || a.Changes[0].Field != "documents" {
		t.Errorf("changes %+v", a.Changes)
	}
	_, docs := app.noticeDocs("", draft.ID)
	if len(docs) != 2 || docs[0].ID != orig.ID || docs[0].SupersededBy == nil || *docs[0].SupersededBy != a.ID ||
		docs[1].ID != repl.ID || docs[1].SupersededBy != nil || docs[1].Pending {
		t.Fatalf("public documents %+v", docs)
	}
	if r := app.do("GET", orig.DownloadURL, "", nil); r.Status != http.StatusOK {
		t.Errorf("superseded download: %d", r.Status)
	}
	if r := app.do("DELETE", repl.DownloadURL, ent, nil); r.Status != http.StatusConflict {
		t.Errorf("remove an amendment's document: %d", r.Status)
	}
	var l struct{ Items []amendmentJSON }
	app.do("GET", amendPath(draft.ID), "", nil).decode(t, &l)
	if len(l.Items) != 1 || l.Items[0].ID != a.ID || l.Items[0].Rationale != "更正需求书" {
		t.Errorf("amendments %+v", l.Items)
	}
	var all struct {
		Items []amendmentJSON
		Total int
	}
	app.do("GET", "/api/v1/amendments", "", nil).decode(t, &all)
	if all.Total != 1 || len(all.Items) != 1 || all.Items[0].ID != a.ID {
		t.Errorf("all amendments %+v", all)
	}
}

// A bid the amended terms no longer admit cannot be confirmed as it is:
// the agency revises it, which clears the flag.
func TestAmendment_ConfirmUnderNewTerms(t *testing.T) {
	t.Parallel()
	app := newDocumentsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, agency := app.agency("投标咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	if r := app.do("PUT", bidPath(p.ID), agency, map[string]any{"price": "90000.00"}); r.Status != http.StatusOK {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", amendPath(p.ID), ent, map[string]any{"rationale": "预算压减", "ceiling_price": "80000.00"}); r.Status != http.StatusCreated {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}
	r := app.do("POST", bidPath(p.ID)+"/confirm", agency, nil)
	if r.Status != http.StatusBadRequest || r.errorCode(t) != "price_above_ceiling" {
		t.Errorf("confirm above the new ceiling: %d %s", r.Status, r.Body)
	}
	if b := app.myBid(agency, p.ID); !b.NeedsConfirmation {
		t.Errorf("a refused confirmation cleared the flag: %+v", b)
	}
	if r := app.do("PUT", bidPath(p.ID), agency, map[string]any{"price": "79000.00"}); r.Status != http.StatusOK {
		t.Fatalf("revise: %d %s", r.Status, r.Body)
	}
	if b := app.myBid(agency, p.ID); b.NeedsConfirmation || b.Status != "submitted" {
		t.Errorf("revised bid: %+v", b)
	}
}
