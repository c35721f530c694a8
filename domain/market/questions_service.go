package market

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// NotifyQuestionAnswered is the notification kind of a published answer,
// sent to every agency that bid or asked; the page shows it by kind in
// the reader's language.
const NotifyQuestionAnswered = "question.answered"

// QuestionStore persists questions and answers.
type QuestionStore interface {
	CreateQuestion(ctx context.Context, q *Question, askerID int64) error
	// FindQuestion returns one question, locked FOR UPDATE when asked.
	FindQuestion(ctx context.Context, id int64, forUpdate bool) (*Question, error)
	// FindQuestions returns the project's questions, oldest first.
	FindQuestions(ctx context.Context, projectID int64) ([]*Question, error)
	// FindAdminQuestions returns the project's questions with their askers.
	FindAdminQuestions(ctx context.Context, projectID int64) ([]*AdminQuestion, error)
	SaveAnswer(ctx context.Context, id int64, answer string, answererID int64, at time.Time) error
	// FindQuestionAudience returns every agency that bid (in any state)
	// or asked on the project.
	FindQuestionAudience(ctx context.Context, projectID int64) ([]int64, error)
	// FindOwnerUnansweredQuestions returns the unanswered questions on the
	// owner's projects in bidding whose question deadline (the announced
	// close less cutoff) is at or before now.
	FindOwnerUnansweredQuestions(ctx context.Context, ownerID int64, now time.Time, cutoff time.Duration) ([]*OwnerQuestionTask, error)
}

// QuestionReads is what the questions' use cases read outside a
// transaction.
type QuestionReads interface {
	QuestionStore
	ProjectReader
	Now(ctx context.Context) (time.Time, error)
}

// QuestionTx is a question's or an answer's transaction: the questions,
// the project, the clock and audit log, and the agencies' notifications.
type QuestionTx interface {
	QuestionStore
	ProjectReader
	kernel.Auditor
	Notifier
}

// Questions holds the bidders' questions and the owner's answers (澄清);
// domain.Marketplace builds one per call from its fields.
type Questions struct {
	// Store reads outside a transaction.
	Store QuestionReads
	// InTx runs a function in one transaction over QuestionTx.
	InTx kernel.TxFunc[QuestionTx]
	// Cutoff is how long before the close questions stop
	// (MARKET_QUESTION_CUTOFF).
	Cutoff time.Duration
}

// ProjectSubject is the audit subject id of a project.
func ProjectSubject(id int64) string { return strconv.FormatInt(id, 10) }

// Ask records an agency's question on a project in bidding. The deadline
// is compared with the platform clock read after the project row is
// locked FOR SHARE, as a bid's is.
func (qs *Questions) Ask(ctx context.Context, actor kernel.Actor, projectID int64, text string) (*Question, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	text, err := NormaliseQuestionText("question", text, MaxQuestionRunes)
	if err != nil {
		return nil, err
	}
	var out *Question
	err = qs.InTx(ctx, func(s QuestionTx) error {
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
		if err := CanAsk(actor, p, now, qs.Cutoff); err != nil {
			return err
		}
		q := &Question{ProjectID: p.ID, Question: text, AskedAt: now}
		if err := s.CreateQuestion(ctx, q, actor.ID); err != nil {
			return err
		}
		out = q
		// The audit row names the asker as every audit row names its
		// actor (admins read the log); its summary holds no text.
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "question.asked", "project", ProjectSubject(p.ID),
			map[string]any{"question_id": q.ID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Answer publishes the owner's answer while the project is open for bids
// and notifies, each on its own, every agency that bid or asked. The
// restriction-phrase blocker applies as it does to the notice: an answer
// cannot add a threshold the notice could not.
func (qs *Questions) Answer(ctx context.Context, actor kernel.Actor, questionID int64, text string) (*Question, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	text, err := NormaliseQuestionText("answer", text, MaxAnswerRunes)
	if err != nil {
		return nil, err
	}
	if err := CheckRestrictions("answer", text); err != nil {
		return nil, err
	}
	var out *Question
	err = qs.InTx(ctx, func(s QuestionTx) error {
		q, err := s.FindQuestion(ctx, questionID, false)
		if err != nil {
			return err
		}
		p, err := LockOwnProject(ctx, s, actor, q.ProjectID)
		if kernel.ErrorCode(err) == kernel.ENOTFOUND {
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
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "question.answered", "project", ProjectSubject(p.ID),
			map[string]any{"question_id": q.ID})); err != nil {
			return err
		}
		to, err := s.FindQuestionAudience(ctx, p.ID)
		if err != nil {
			return err
		}
		return s.NotifyAgencies(ctx, AgencyNotice{Kind: NotifyQuestionAnswered, Title: "答疑澄清", Body: p.Title, ProjectID: p.ID,
			DedupeKey: "answer:" + strconv.FormatInt(q.ID, 10), At: now}, to)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ForProject lists a published project's questions and answers for
// anyone; none of it names an asker.
func (qs *Questions) ForProject(ctx context.Context, actor kernel.Actor, projectID int64) (*ProjectQuestions, error) {
	p, err := qs.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	now, err := qs.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	return qs.Of(ctx, actor, p, now)
}

// Of is ForProject for a project the caller has already read (and may
// see) at the platform time now: a notice page costs one statement more,
// not three.
func (qs *Questions) Of(ctx context.Context, actor kernel.Actor, p *Project, now time.Time) (*ProjectQuestions, error) {
	list, err := qs.Store.FindQuestions(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return &ProjectQuestions{Questions: list, Deadline: QuestionDeadline(p, qs.Cutoff),
		CanAsk: CanAsk(actor, p, now, qs.Cutoff) == nil}, nil
}

// ForAdmin lists a project's questions with their askers: admins only.
func (qs *Questions) ForAdmin(ctx context.Context, actor kernel.Actor, projectID int64) ([]*AdminQuestion, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	if actor.Role != kernel.RoleAdmin {
		return nil, kernel.ErrForbidden
	}
	if _, err := qs.Store.FindProjectByID(ctx, projectID, NoLock); err != nil {
		return nil, err
	}
	return qs.Store.FindAdminQuestions(ctx, projectID)
}

// OwnerTasks returns the owner's unanswered questions whose question
// deadline has passed at now (待办): the owner should have answered, and
// agencies are bidding without the answer.
func (qs *Questions) OwnerTasks(ctx context.Context, actor kernel.Actor, now time.Time) ([]*OwnerQuestionTask, error) {
	if actor.IsAnonymous() || !CanOwnProjects(actor.Role) {
		return nil, nil
	}
	return qs.Store.FindOwnerUnansweredQuestions(ctx, actor.ID, now, qs.Cutoff)
}
