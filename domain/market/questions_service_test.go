package market_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// questionTx is one project and its questions in memory, with the
// notices sent and the audit actions written.
type questionTx struct {
	market.QuestionStore // the reads these tests do not reach (the nil panics)
	project              market.Project
	questions            []*market.Question
	notices              []market.AgencyNotice
	notified             []int64
	audits               []string
	now                  time.Time
}

func (s *questionTx) FindProjectByID(_ context.Context, id int64, _ market.LockMode) (*market.Project, error) {
	if id != s.project.ID {
		return nil, market.ErrProjectNotFound
	}
	p := s.project
	return &p, nil
}
func (s *questionTx) CreateQuestion(_ context.Context, q *market.Question, _ int64) error {
	q.ID = int64(len(s.questions) + 1)
	s.questions = append(s.questions, q)
	return nil
}
func (s *questionTx) FindQuestion(_ context.Context, id int64, _ bool) (*market.Question, error) {
	if id < 1 || int(id) > len(s.questions) {
		return nil, market.ErrQuestionNotFound
	}
	q := *s.questions[id-1]
	return &q, nil
}
func (s *questionTx) SaveAnswer(_ context.Context, id int64, answer string, _ int64, at time.Time) error {
	s.questions[id-1].Answer, s.questions[id-1].AnsweredAt = &answer, &at
	return nil
}
func (s *questionTx) FindQuestionAudience(context.Context, int64) ([]int64, error) {
	return []int64{21, 22}, nil
}
func (s *questionTx) Now(context.Context) (time.Time, error) { return s.now, nil }
func (s *questionTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *questionTx) NotifyAgencies(_ context.Context, n market.AgencyNotice, to []int64) error {
	s.notices, s.notified = append(s.notices, n), append(s.notified, to...)
	return nil
}

// TestQuestions_AskAndAnswer runs the questions' use cases over a project
// in memory: only an agency asks, before the cutoff; only the owner
// answers, while bidding is open; an answer notifies every agency that
// bid or asked, once, and nothing refused is written.
func TestQuestions_AskAndAnswer(t *testing.T) {
	ctx := context.Background()
	closes := time.Date(2026, 12, 10, 2, 0, 0, 0, time.UTC)
	tx := &questionTx{project: market.Project{ID: 5, OwnerID: 1, Status: market.ProjectBidding, Title: "环评编制", BiddingClosesAt: closes, ClosesAt: closes},
		now: closes.Add(-2 * time.Hour)}
	qs := &market.Questions{Store: nil, InTx: func(ctx context.Context, fn func(market.QuestionTx) error) error { return fn(tx) }, Cutoff: time.Hour}
	owner, agency := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 21, Role: kernel.RoleAgency}

	for _, tc := range []struct {
		name  string
		actor kernel.Actor
		text  string
		want  error
	}{
		{"the owner", owner, "能否延期？", market.ErrQuestionNotAgency},
		{"anonymous", kernel.Actor{}, "能否延期？", kernel.ErrUnauthenticated},
	} {
		if _, err := qs.Ask(ctx, tc.actor, 5, tc.text); err != tc.want {
			t.Errorf("%s asked: %v, want %v", tc.name, err, tc.want)
		}
	}
	q, err := qs.Ask(ctx, agency, 5, "  服务期限能否为 60 天？ ")
	if err != nil || q.Question != "服务期限能否为 60 天？" || len(tx.audits) != 1 {
		t.Fatalf("ask: %+v, %v, audits %v", q, err, tx.audits)
	}
	if _, err := qs.Answer(ctx, kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, q.ID, "可以"); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another enterprise answered: %v", err)
	}
	a, err := qs.Answer(ctx, owner, q.ID, "可以。")
	if err != nil || a.Answer == nil || len(tx.notices) != 1 || len(tx.notified) != 2 || tx.notices[0].Kind != market.NotifyQuestionAnswered || tx.notices[0].ProjectID != 5 {
		t.Fatalf("answer: %+v, %v, notices %+v to %v", a, err, tx.notices, tx.notified)
	}
	if _, err := qs.Answer(ctx, owner, q.ID, "再答"); err != market.ErrQuestionAnswered {
		t.Errorf("answered twice: %v", err)
	}
	tx.now = closes.Add(-30 * time.Minute) // past the one-hour cutoff
	if _, err := qs.Ask(ctx, agency, 5, "还能问吗？"); err != market.ErrQuestionDeadline {
		t.Errorf("asked after the cutoff: %v", err)
	}
	if len(tx.questions) != 1 || len(tx.audits) != 2 || len(tx.notices) != 1 {
		t.Errorf("refusals wrote: %d questions, audits %v, %d notices", len(tx.questions), tx.audits, len(tx.notices))
	}
}
