package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type questionJSON struct {
	ID         int64
	ProjectID  int64 `json:"project_id"`
	Question   string
	Answer     *string
	AnsweredAt *time.Time `json:"answered_at"`
}

type projectQuestionsJSON struct {
	Questions []questionJSON
	Deadline  time.Time
	CanAsk    bool `json:"can_ask"`
}

// questionsApp has a 30-minute question cutoff, so that a project closing
// in two hours takes questions for an hour and a half.
func newQuestionsApp(t *testing.T) *lifeApp {
	app := newLifeApp(t)
	app.Market.Periods.QuestionCutoff = 30 * time.Minute
	return app
}

func qPath(projectID int64) string { return fmt.Sprintf("/api/v1/projects/%d/questions", projectID) }

func (a *lifeApp) ask(projectID int64, token, text string) questionJSON {
	a.t.Helper()
	r := a.post(qPath(projectID), token, map[string]string{"question": text})
	if r.Status != 201 {
		a.t.Fatalf("ask: %d %s", r.Status, r.Body)
	}
	var q questionJSON
	r.decode(a.t, &q)
	return q
}

func TestQuestions_AskUntilTheCutoff(t *testing.T) {
	t.Parallel()
	app := newQuestionsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, ag := app.agency("湖北某环境咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)

	q := app.ask(p.ID, ag, "报告表是否需要包含噪声专项评价？")
	if q.ProjectID != p.ID || q.Answer != nil {
		t.Fatalf("question %+v", q)
	}
	var list projectQuestionsJSON
	app.do("GET", qPath(p.ID), ag, nil).decode(t, &list)
	if !list.CanAsk || !list.Deadline.Equal(p.ClosesAt.Add(-30*time.Minute)) || len(list.Questions) != 1 {
		t.Fatalf("list before the cutoff: %+v", list)
	}

	// one second before the deadline on the platform clock: accepted
	app.setNow(p.ClosesAt.Add(-30*time.Minute - time.Second))
	app.ask(p.ID, ag, "最后一个问题")
	// at the deadline: refused, and nothing is written
	app.setNow(p.ClosesAt.Add(-30 * time.Minute))
	app.expect(app.post(qPath(p.ID), ag, map[string]string{"question": "太晚了"}), 409, "question_deadline_passed")
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM questions WHERE project_id = %d", p.ID)); n != 2 {
		t.Errorf("%d questions stored, want 2", n)
	}
	app.do("GET", qPath(p.ID), ag, nil).decode(t, &list)
	if list.CanAsk {
		t.Error("can_ask after the deadline")
	}

	t.Run("refusals", func(t *testing.T) {
		app.t = t
		app.setNow(p.ClosesAt.Add(-time.Hour - time.Minute))
		app.expect(app.post(qPath(p.ID), ent, map[string]string{"question": "业主不能提问"}), 403, "question_not_agency")
		app.expect(app.post(qPath(p.ID), "", map[string]string{"question": "匿名"}), 401, "")
		app.expect(app.post(qPath(p.ID), ag, map[string]string{"question": "   "}), 400, "")
		app.expect(app.post(qPath(p.ID), ag, map[string]string{"question": strings.Repeat("问", 2001)}), 400, "question_length")
		app.expect(app.post(qPath(p.ID), ag, map[string]any{"question": "x", "asker": 1}), 400, "unknown_field")
		app.expect(app.post(qPath(999999), ag, map[string]string{"question": "没有这个项目"}), 404, "project_not_found")
	})
}

func TestQuestions_AskerHiddenAnswerNotifiesBiddersAndAskers(t *testing.T) {
	t.Parallel()
	app := newQuestionsApp(t)
	_, ent := app.register("enterprise", "武汉某制造有限公司")
	_, admin := app.staff("admin", "平台管理员")
	_, bidderTok := app.agency("甲投标咨询有限公司", "NAT-01")
	askerID, asker := app.agency("乙提问咨询有限公司", "NAT-01")
	_, bystander := app.agency("丙旁观咨询有限公司", "NAT-01")
	p := app.publishedProject(ent, nil)
	if r := app.do("PUT", bidPath(p.ID), bidderTok, map[string]any{"price": "90000.00"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	q := app.ask(p.ID, asker, "是否需要现场踏勘？")

	hidden := func(t *testing.T, what string, body []byte) {
		t.Helper()
		for _, s := range []string{"乙提问咨询", fmt.Sprintf(`"asker_id":%d`, askerID), "asker"} {
			if strings.Contains(string(body), s) {
				t.Errorf("%s reveals the asker (%q): %.300s", what, s, body)
			}
		}
	}
	for _, tok := range []string{"", ent, bidderTok, bystander} {
		r := app.do("GET", qPath(p.ID), tok, nil)
		if r.Status != 200 {
			t.Fatalf("list: %d", r.Status)
		}
		hidden(t, "question list", r.Body)
	}

	// the restriction blocker applies to answers as to notices
	app.expect(app.post(fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), ent, map[string]string{"answer": "仅限省内机构报名。"}), 400, "restricted_phrase")
	// only the owner answers
	app.expect(app.post(fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), asker, map[string]string{"answer": "自问自答"}), 403, "not_owner")

	r := app.post(fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), ent, map[string]string{"answer": "需要，踏勘时间另行通知。"})
	if r.Status != 200 {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	hidden(t, "answer response", r.Body)
	app.expect(app.post(fmt.Sprintf("/api/v1/questions/%d/answer", q.ID), ent, map[string]string{"answer": "再答一次"}), 409, "question_answered")

	var list projectQuestionsJSON
	app.do("GET", qPath(p.ID), "", nil).decode(t, &list)
	if len(list.Questions) != 1 || list.Questions[0].Answer == nil || *list.Questions[0].Answer != "需要，踏勘时间另行通知。" || list.Questions[0].AnsweredAt == nil {
		t.Fatalf("public list after the answer: %+v", list)
	}

	// notified: the bidder and the asker, each once; not the bystander
	for tok, want := range map[string]int{bidderTok: 1, asker: 1, bystander: 0} {
		r := app.do("GET", "/api/v1/notifications", tok, nil)
		if got := strings.Count(string(r.Body), `"kind":"question.answered"`); got != want {
			t.Errorf("notifications: %d answers, want %d: %.300s", got, want, r.Body)
		}
		hidden(t, "notification", r.Body)
	}

	// admins, and only admins, see who asked
	var adm struct {
		Questions []struct {
			AskerID   int64  `json:"asker_id"`
			AskerName string `json:"asker_name"`
		}
	}
	r = app.do("GET", fmt.Sprintf("/api/v1/admin/questions?project=%d", p.ID), admin, nil)
	r.decode(t, &adm)
	if r.Status != 200 || len(adm.Questions) != 1 || adm.Questions[0].AskerID != askerID || adm.Questions[0].AskerName != "乙提问咨询有限公司" {
		t.Fatalf("admin list: %d %s", r.Status, r.Body)
	}
	for _, tok := range []string{ent, asker} {
		app.expect(app.do("GET", fmt.Sprintf("/api/v1/admin/questions?project=%d", p.ID), tok, nil), 403, "")
	}
	app.expect(app.do("GET", "/api/v1/admin/questions?project=x", admin, nil), 400, "project_format")
}
