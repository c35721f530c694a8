package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
)

// ownerTodo is the owner's next action on a project past bidding, with the
// deadline of its stage (st, read for all the owner's projects at once);
// ok is false when the owner has nothing to do.
func ownerTodo(v *page, pr *market.Project, st *domain.OwnerStage) (todo, bool) {
	t := todo{Href: ownerLink(pr) + "#life", Subject: pr.Title}
	if st == nil {
		return t, false
	}
	due := func(at *time.Time) time.Time {
		if at == nil {
			return time.Time{}
		}
		return *at
	}
	switch st.Status {
	case market.ProjectPublicity:
		if st.ObjectionDueAt != nil {
			t.Action, t.Deadline = v.T("todo.answer_objection"), *st.ObjectionDueAt
			return t, true
		}
		t.Action, t.Deadline = v.T("todo.publicity"), due(st.PublicityEndsAt)
	case market.ProjectAwarded:
		if st.OwnerSigned {
			return t, false
		}
		t.Action, t.Deadline = v.T("todo.sign"), due(st.SigningDueAt)
	case market.ProjectContracted:
		t.Action, t.Deadline = v.T("todo.delivery"), due(st.ServiceDueAt)
	case market.ProjectDelivered:
		t.Action = v.T("todo.accept")
	case market.ProjectAccepted:
		t.Action, t.Deadline = v.T("todo.evaluate"), due(st.EvaluationDueAt)
	default:
		return t, false
	}
	return t, true
}

// agencyTaskActions names each of the agency's tasks on the 待办 list.
var agencyTaskActions = map[string]string{
	domain.AgencyTaskSign:    "todo.sign",
	domain.AgencyTaskDeliver: "todo.deliver",
	domain.AgencyTaskReply:   "todo.reply",
}

// agencyTodos lists the selected agency's next actions: sign, deliver,
// reply to an evaluation.
func (p *Portal) agencyTodos(c echo.Context, v *page) []todo {
	tasks, err := p.market.AgencyTasks(c.Request().Context(), api.ActorOf(c))
	if err != nil {
		return nil
	}
	out := make([]todo, 0, len(tasks))
	for _, tk := range tasks {
		t := todo{Href: "/projects/" + itoa(tk.ProjectID) + "#life", Subject: tk.Title, Action: v.T(agencyTaskActions[tk.Task])}
		if tk.Deadline != nil {
			t.Deadline = *tk.Deadline
		}
		out = append(out, t)
	}
	return out
}

// complaintTodos lists the complaints awaiting an admin's decision.
func (p *Portal) complaintTodos(c echo.Context, v *page) []todo {
	items, err := p.escalated(c)
	if err != nil {
		return nil
	}
	out := make([]todo, 0, len(items))
	for _, it := range items {
		out = append(out, todo{Href: "/workspace/complaints#complaint-" + itoa(it.O.ID), Subject: it.Project.Title, Action: v.T("todo.decide_complaint")})
	}
	return out
}
