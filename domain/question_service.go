package domain

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/market"
)

// Notification kind of a published answer, sent to every agency that bid
// or asked; the page shows it by kind in the reader's language.
const NotifyQuestionAnswered = "question.answered"

// AskQuestion records an agency's question on a project in bidding. The
// deadline is compared with the platform clock read after the project row
// is locked FOR SHARE, as a bid's is.
func (m *Marketplace) AskQuestion(ctx context.Context, actor Actor, projectID int64, text string) (*Question, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	text, err := market.NormaliseQuestionText("question", text, MaxQuestionRunes)
	if err != nil {
		return nil, err
	}
	var out *Question
	err = m.Store.InTx(ctx, func(s Store) error {
		p, err := s.FindProjectByID(ctx, projectID, LockShare)
		if err != nil {
			return err
		}
		if !p.CanSee(actor) {
			return ErrProjectNotFound
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := CanAsk(actor, p, now, m.Periods.QuestionCutoff); err != nil {
			return err
		}
		q := &Question{ProjectID: p.ID, Question: text, AskedAt: now}
		if err := s.CreateQuestion(ctx, q, actor.ID); err != nil {
			return err
		}
		out = q
		// The audit row names the asker as every audit row names its
		// actor (admins read the log); its summary holds no text.
		return s.AppendAudit(ctx, NewAudit(actor, "question.asked", "project", projectSubject(p.ID),
			map[string]any{"question_id": q.ID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AnswerQuestion publishes the owner's answer while the project is open
// for bids and notifies, each on its own, every agency that bid or asked.
// The restriction-phrase blocker applies as it does to the notice: an
// answer cannot add a threshold the notice could not.
func (m *Marketplace) AnswerQuestion(ctx context.Context, actor Actor, questionID int64, text string) (*Question, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	text, err := market.NormaliseQuestionText("answer", text, MaxAnswerRunes)
	if err != nil {
		return nil, err
	}
	if err := CheckRestrictions("answer", text); err != nil {
		return nil, err
	}
	var out *Question
	err = m.Store.InTx(ctx, func(s Store) error {
		q, err := s.FindQuestion(ctx, questionID, false)
		if err != nil {
			return err
		}
		p, err := lockOwnProject(ctx, s, actor, q.ProjectID)
		if ErrorCode(err) == ENOTFOUND {
			return ErrQuestionNotFound
		} else if err != nil {
			return err
		}
		if q, err = s.FindQuestion(ctx, questionID, true); err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if p.Status != ProjectBidding || !now.Before(p.ClosesAt) {
			return ErrQuestionNotBidding
		}
		if q.Answered() {
			return ErrQuestionAnswered
		}
		if err := s.SaveAnswer(ctx, q.ID, text, actor.ID, now); err != nil {
			return err
		}
		q.Answer, q.AnsweredAt = &text, &now
		out = q
		if err := s.AppendAudit(ctx, NewAudit(actor, "question.answered", "project", projectSubject(p.ID),
			map[string]any{"question_id": q.ID})); err != nil {
			return err
		}
		to, err := s.FindQuestionAudience(ctx, p.ID)
		if err != nil {
			return err
		}
		pid := p.ID
		n := &Notification{Kind: NotifyQuestionAnswered, Title: "答疑澄清", Body: p.Title, ProjectID: &pid,
			DedupeKey: "answer:" + strconv.FormatInt(q.ID, 10), CreatedAt: now}
		_, err = m.notify(ctx, s, n, to)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ProjectQuestions lists a published project's questions and answers for
// anyone; none of it names an asker.
func (m *Marketplace) ProjectQuestions(ctx context.Context, actor Actor, projectID int64) (*ProjectQuestions, error) {
	p, err := m.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	return m.QuestionsOf(ctx, actor, p, now)
}

// QuestionsOf is ProjectQuestions for a project the caller has already
// read (and may see) at the platform time now: a notice page costs one
// statement more, not three.
func (m *Marketplace) QuestionsOf(ctx context.Context, actor Actor, p *Project, now time.Time) (*ProjectQuestions, error) {
	qs, err := m.Store.FindQuestions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return &ProjectQuestions{Questions: qs, Deadline: QuestionDeadline(p, m.Periods.QuestionCutoff),
		CanAsk: CanAsk(actor, p, now, m.Periods.QuestionCutoff) == nil}, nil
}

// AdminQuestions lists a project's questions with their askers: admins only.
func (m *Marketplace) AdminQuestions(ctx context.Context, actor Actor, projectID int64) ([]*AdminQuestion, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	if actor.Role != RoleAdmin {
		return nil, ErrForbidden
	}
	if _, err := m.Store.FindProjectByID(ctx, projectID, NoLock); err != nil {
		return nil, err
	}
	return m.Store.FindAdminQuestions(ctx, projectID)
}

// OwnerQuestionTasks returns the owner's unanswered questions whose
// question deadline has passed at now (待办): the owner should have
// answered, and agencies are bidding without the answer.
func (m *Marketplace) OwnerQuestionTasks(ctx context.Context, actor Actor, now time.Time) ([]*OwnerQuestionTask, error) {
	if actor.IsAnonymous() || !CanOwnProjects(actor.Role) {
		return nil, nil
	}
	return m.Store.FindOwnerUnansweredQuestions(ctx, actor.ID, now, m.Periods.QuestionCutoff)
}
