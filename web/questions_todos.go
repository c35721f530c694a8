package web

import (
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
)

// questionTodos lists the owner's questions still unanswered past the
// question deadline, each to answer before the close. The owner's project
// list (mine) already tells whether any project is past its question
// deadline: without one, no query is sent (every workspace page shows the
// 待办).
func (p *Portal) questionTodos(c echo.Context, v *page, mine domain.List[*market.Project], now time.Time) []todo {
	if len(mine.Items) == mine.Total && !slices.ContainsFunc(mine.Items, func(pr *market.Project) bool {
		return pr.Status == market.ProjectBidding && !now.Before(market.QuestionDeadline(pr, p.market.Periods.QuestionCutoff))
	}) {
		return nil
	}
	tasks, err := p.market.Questions().OwnerTasks(c.Request().Context(), api.ActorOf(c), now)
	if err != nil {
		return nil
	}
	out := make([]todo, 0, len(tasks))
	for _, tk := range tasks {
		out = append(out, todo{Href: "/projects/" + itoa(tk.ProjectID) + "#question-" + strconv.FormatInt(tk.QuestionID, 10),
			Subject: tk.ProjectTitle, Action: v.T("questions.todo"), Deadline: tk.ClosesAt})
	}
	return out
}
