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
