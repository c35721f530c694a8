package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A project that closes with a question never answered is flagged for
// supervisors at the close; one whose questions were all answered is not.
func TestRisk_UnansweredQuestionsAtClose(t *testing.T) {
	t.Parallel()
	app := newQuestionsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, admin := app.staff("admin", "平台管理员")
	askerID, asker := app.agency("甲提问咨询有限公司", "NAT-01")

	silent := app.publishedProject(ent, nil)
	app.ask(silent.ID, asker, "第一问")
	app.ask(silent.ID, asker, "第二问")
	answered := app.publishedProject(ent, nil)
	q := app.ask(answered.ID, asker, "已答复的问题")
	app.expect(app.post(fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), ent, map[string]string{"answer": "答复。"}), 200, "")

	app.setNow(silent.ClosesAt.Add(time.Second))
	app.run("close_bidding")
	if run, err := app.Jobs.RunOnce(context.Background(), "risk_on_close"); err != nil || run.Error != "" {
		t.Fatalf("risk_on_close: %v %+v", err, run)
	}
	l := app.risks(admin, "?indicator=unanswered_questions")
	if l.Total != 1 || l.Items[0].ProjectID == nil || *l.Items[0].ProjectID != silent.ID || len(l.Items[0].AgencyIDs) != 0 {
		t.Fatalf("flags: %+v", l)
	}
	if got := l.Items[0].Evidence["unanswered"]; got != float64(2) {
		t.Errorf("evidence %v, want 2 unanswered", l.Items[0].Evidence)
	}
	// the flag does not name the asker
	r := app.do("GET", fmt.Sprintf("/api/v1/supervision/risks/%d", l.Items[0].ID), admin, nil)
	if strings.Contains(string(r.Body), "甲提问咨询") || strings.Contains(string(r.Body), fmt.Sprintf("%d", askerID)+"]") {
		t.Errorf("the flag names the asker: %s", r.Body)
	}
}

// Two checking items of one investment project won by two agencies that
// share a contact phone are flagged by the history run; the same pair won
// by unrelated agencies is not.
func TestRisk_StagePairHeldByAffiliatedAgencies(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	storagetestExec(t, app.testApp, "INSERT INTO catalogue_item_conflicts (item_a, item_b, reason) VALUES ('NAT-01', 'NAT-03', '相互校核')")
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, admin := app.staff("admin", "平台管理员")
	aID, a := app.agency("甲环评咨询有限公司", "NAT-01", "NAT-03")
	bID, b := app.agency("乙水保咨询有限公司", "NAT-01", "NAT-03") // same phone and legal representative as 甲
	cID, c := app.agency("丙水保咨询有限公司", "NAT-01", "NAT-03")
	storagetestExec(t, app.testApp, fmt.Sprintf("UPDATE accounts SET legal_representative = '李四', contact_phone = '13700000000' WHERE id = %d", cID))

	const related, unrelated = "2026-420100-47-01-000201", "2026-420100-47-01-000202"
	win := func(code, item string, id int64, token string) int64 {
		t.Helper()
		p := app.closedProject(ent, map[string]any{"item_code": item, "investment_project_code": code,
			"bidding_closes_at": app.now.Add(2 * time.Hour).Format(time.RFC3339)}, bidder{id, token, "80000.00"})
		if n := app.run("select_results"); n != 1 {
			t.Fatalf("select_results on %d: %d", p.ID, n)
		}
		return p.ID
	}
	first := win(related, "NAT-01", aID, a)
	second := win(related, "NAT-03", bID, b)
	win(unrelated, "NAT-01", aID, a)
	win(unrelated, "NAT-03", cID, c)

	if run, err := app.Jobs.RunOnce(context.Background(), "risk_history"); err != nil || run.Error != "" {
		t.Fatalf("risk_history: %v %+v", err, run)
	}
	l := app.risks(admin, "?indicator=stage_pair_affiliated")
	if l.Total != 1 {
		t.Fatalf("%d flags, want 1: %+v", l.Total, l)
	}
	f := l.Items[0]
	if f.ProjectID == nil || *f.ProjectID != second || len(f.AgencyIDs) != 2 || f.Source != "history" {
		t.Fatalf("flag %+v", f)
	}
	if got := fmt.Sprint(f.Evidence["projects"]); got != fmt.Sprintf("[%d %d]", first, second) {
		t.Errorf("evidence projects %s", got)
	}
}
