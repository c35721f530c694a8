package api

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
)

// questionTodos lists the owner's questions still unanswered past the
// question deadline, each to answer before the close.
func (p *pages) questionTodos(c echo.Context, v *page, now time.Time) []todo {
	tasks, err := p.s.Market.OwnerQuestionTasks(c.Request().Context(), ActorOf(c), now)
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
