package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
)

// questionsPanel is the 答疑澄清 section of a notice: every question with
// its answer (never its asker), the question deadline, the agency's form
// while CanAsk holds and the owner's answer forms.
type questionsPanel struct {
	ProjectID int64
	Questions []*market.Question
	List      *market.ProjectQuestions
	IsOwner   bool
	// Open: the owner may still answer (bidding, before the close).
	Open bool
	// Ask is the question as typed after a refusal; AskError its message.
	Ask, AskError string
	// AnswerErrors and Answers keep a refused answer beside its question.
	AnswerErrors map[int64]string
	Answers      map[int64]string
	// Done says which form just succeeded ("ask" or "answer").
	Done string
}

// questionsFormKey carries a refused questions form from its handler to
// the notice it re-renders.
const questionsFormKey = "questions_form"

// questionsPanel builds the section for pr; nil for a draft.
func (p *Portal) questionsPanel(c echo.Context, actor domain.Actor, pr *market.Project, now time.Time, open bool) *questionsPanel {
	if pr.Status == market.ProjectDraft {
		return nil
	}
	list, err := p.market.Questions().Of(c.Request().Context(), actor, pr, now)
	if err != nil {
		return nil
	}
	qp := &questionsPanel{ProjectID: pr.ID, List: list, IsOwner: pr.IsOwner(actor), Open: open,
		AnswerErrors: map[int64]string{}, Answers: map[int64]string{}, Done: c.QueryParam("asked")}
	if prev, ok := c.Get(questionsFormKey).(*questionsPanel); ok {
		qp.Ask, qp.AskError, qp.AnswerErrors, qp.Answers, qp.Done = prev.Ask, prev.AskError, prev.AnswerErrors, prev.Answers, ""
	}
	return qp
}

func (p *Portal) handleQuestionAskForm(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	text := strings.TrimSpace(c.FormValue("question"))
	return p.questionAct(c, func(ctx context.Context, a domain.Actor) error {
		_, err := p.market.Questions().Ask(ctx, a, id, text)
		return err
	}, func(f *questionsPanel, msg string) { f.Ask, f.AskError = text, msg }, "ask")
}

func (p *Portal) handleQuestionAnswerForm(c echo.Context) error {
	qid, err := strconv.ParseInt(c.Param("qid"), 10, 64)
	if err != nil || qid <= 0 {
		return market.ErrQuestionNotFound
	}
	text := strings.TrimSpace(c.FormValue("answer"))
	return p.questionAct(c, func(ctx context.Context, a domain.Actor) error {
		_, err := p.market.Questions().Answer(ctx, a, qid, text)
		return err
	}, func(f *questionsPanel, msg string) { f.Answers[qid], f.AnswerErrors[qid] = text, msg }, "answer")
}

// questionAct runs one questions use case; a refusal comes back on the
// notice beside its form, in the reader's language, with the text kept.
func (p *Portal) questionAct(c echo.Context, call func(context.Context, domain.Actor) error, keep func(*questionsPanel, string), done string) error {
	if err := call(c.Request().Context(), api.ActorOf(c)); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Code == domain.ENOTFOUND {
			return err
		}
		f := &questionsPanel{AnswerErrors: map[int64]string{}, Answers: map[int64]string{}}
		keep(f, p.newPage(c, "", "").errorText(err))
		c.Set(questionsFormKey, f)
		return p.renderNotice(c, api.StatusOf(de.Code), bidForm{Errors: map[string]string{}})
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"?asked="+done+"#questions")
}

// investmentView is the public page of one investment project's purchases.
type investmentView struct {
	Trail *domain.InvestmentProject
}

func (p *Portal) handleInvestmentProject(c echo.Context) error {
	trail, err := p.market.InvestmentProjectTrail(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	v := p.newPage(c, "projects", "investment.title")
	v.Title = v.TM("investment.title_code", "Code", trail.Code)
	v.Body = investmentView{Trail: trail}
	return p.render(c, http.StatusOK, "investment_project", v)
}
