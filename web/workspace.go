package web

import (
	"net/http"
	"sort"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// registerWorkspace mounts the signed-in workspaces (/workspace…). Every
// handler checks the role it serves; the domain checks again.
// menuLink is one entry of a role's left menu.
type menuLink struct {
	Href, Label string
	Current     bool
}

// todo is one line of the 待办 list: the next action on an object and its deadline.
type todo struct {
	Href     string
	Subject  string
	Action   string
	Deadline time.Time
	Left     string
}

// workspace wraps a role's page with its menu; Body is the page's own view.
type workspace struct {
	Menu  []menuLink
	Todos []todo
	Body  any
}

var roleMenus = map[string][][2]string{
	domain.RoleEnterprise: {{"/workspace", "ws.todo"}, {"/workspace/projects", "ws.my_projects"}, {"/workspace/projects/new", "ws.new_project"}},
	domain.RoleDepartment: {{"/workspace", "ws.todo"}, {"/workspace/projects", "ws.my_projects"}, {"/workspace/projects/new", "ws.new_project"},
		{"/workspace/monitor", "ws.monitor"}, {"/workspace/violations", "ws.violations"}, {"/workspace/inspections", "ws.inspections"}, {"/supervision/risks", "risk.title"}},
	domain.RoleAgency: {{"/workspace", "ws.todo"}, {"/workspace/matching", "ws.matching"}, {"/workspace/profile", "ws.profile"},
		{"/workspace/qualifications", "ws.qualifications"}, {"/workspace/affiliations", "ws.affiliations"}, {"/workspace/credit", "ws.my_credit"}},
	domain.RoleAdmin: {{"/workspace", "ws.todo"}, {"/workspace/catalogue", "ws.catalogue"}, {"/workspace/appeals", "ws.appeals"}, {"/workspace/complaints", "ws.complaints"},
		{"/workspace/violations", "ws.violations"}, {"/workspace/monitor", "ws.monitor"}, {"/supervision/risks", "risk.title"}, {"/workspace/jobs", "ws.jobs"}, {"/workspace/maintenance", "ws.maintenance"}, {"/workspace/audit", "ws.audit"}, {"/workspace/notices", "ws.notices"}},
}

// wsPage builds a workspace page for an actor the domain lets take act, or
// refuses.
func (p *Portal) wsPage(c echo.Context, titleID string, act domain.Action) (*page, error) {
	if err := domain.Authorize(api.ActorOf(c), act); err != nil {
		return nil, err
	}
	v := p.newPage(c, "workspace", titleID)
	return v, nil
}

// renderWS renders a workspace page with the role's menu and its 待办
// list, whose count the header shows beside 工作台.
func (p *Portal) renderWS(c echo.Context, status int, name string, v *page, body any) error {
	todos, err := p.todos(c, v)
	if err != nil {
		return err
	}
	v.TodoCount = len(todos)
	ws := workspace{Body: body, Todos: todos}
	path := c.Request().URL.Path
	for _, m := range roleMenus[v.Actor.Role] {
		ws.Menu = append(ws.Menu, menuLink{Href: m[0], Label: v.T(m[1]), Current: m[0] == path})
	}
	v.Body = ws
	return p.render(c, status, name, v)
}

// handleWorkspace is the role's home: the 待办 list, most urgent first.
func (p *Portal) handleWorkspace(c echo.Context) error {
	v, err := p.wsPage(c, "ws.todo", domain.ActWorkspace)
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "workspace", v, nil)
}

// todos builds the account's 待办 list: the next action on each object and
// its deadline, most urgent first.
func (p *Portal) todos(c echo.Context, v *page) ([]todo, error) {
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	now, err := p.now(c)
	if err != nil {
		return nil, err
	}
	var todos []todo
	switch actor.Role {
	case domain.RoleEnterprise, domain.RoleDepartment:
		list, err := p.ownerProjects(c)
		if err != nil {
			return nil, err
		}
		var staged []int64
		for _, pr := range list.Items {
			if lifecycleStage(pr.Status) {
				staged = append(staged, pr.ID)
			}
		}
		stages, err := p.market.OwnerStages(ctx, actor, staged)
		if err != nil {
			return nil, err
		}
		for _, pr := range list.Items {
			if lifecycleStage(pr.Status) {
				// lifecycle stages: the action and deadline come from the stage
				if t, ok := ownerTodo(v, pr, stages[pr.ID]); ok {
					todos = append(todos, t)
				}
				continue
			}
			if act := nextAction(pr.Status); act != "" {
				todos = append(todos, todo{Href: ownerLink(pr), Subject: pr.Title, Action: v.T(act), Deadline: pr.ClosesAt})
			}
		}
		todos = append(todos, p.questionTodos(c, v, list, now)...)
		if domain.Can(actor, domain.ActRecordViolation) {
			todos = append(todos, p.violationTodos(c, v)...)
		}
	case domain.RoleAgency:
		m, err := p.matching(c)
		if err != nil {
			return nil, err
		}
		for _, row := range m {
			act := "todo.bid"
			if row.Bid != nil && row.Bid.Status == market.BidSubmitted {
				act = "todo.revise"
			}
			if row.P.IsAuction() {
				act = "todo.auction"
			}
			todos = append(todos, todo{Href: "/projects/" + itoa(row.P.ID), Subject: row.P.Title, Action: v.T(act), Deadline: row.P.ClosesAt})
		}
		todos = append(todos, p.agencyTodos(c, v)...)
	case domain.RoleAdmin:
		todos = append(todos, p.violationTodos(c, v)...)
		todos = append(todos, p.complaintTodos(c, v)...)
		if list, err := p.market.Credit().ListAppeals(ctx, actor, credit.AppealPending, domain.Page{PerPage: 20}); err == nil {
			for _, a := range list.Items {
				todos = append(todos, todo{Href: "/workspace/appeals", Subject: a.Reason, Action: v.T("todo.decide_appeal")})
			}
		}
	}
	sort.SliceStable(todos, func(i, j int) bool {
		return !todos[i].Deadline.IsZero() && (todos[j].Deadline.IsZero() || todos[i].Deadline.Before(todos[j].Deadline))
	})
	for i := range todos {
		if !todos[i].Deadline.IsZero() {
			todos[i].Left = v.Left(todos[i].Deadline, now)
		}
	}
	return todos, nil
}

func (p *Portal) violationTodos(c echo.Context, v *page) []todo {
	list, err := p.market.Credit().ListViolations(c.Request().Context(), api.ActorOf(c), credit.ViolationFilter{Status: credit.ViolationPending, Page: domain.Page{PerPage: 20}})
	if err != nil {
		return nil
	}
	var out []todo
	for _, vi := range list.Items {
		if vi.DepartmentID == v.Actor.ID {
			continue // a second department confirms
		}
		out = append(out, todo{Href: "/workspace/violations", Subject: vi.Reason, Action: v.T("todo.confirm_violation")})
	}
	queue, err := p.avoidQueue(c)
	if err != nil {
		return out
	}
	for _, cf := range queue {
		if cf.RequestedBy != v.Actor.ID {
			out = append(out, todo{Href: "/workspace/violations#avoid-queue", Subject: cf.Project.Title, Action: v.T("todo.confirm_avoid_list")})
		}
	}
	return out
}

// lifecycleStage reports whether the owner's action on a project in status
// depends on the stage's deadlines (ownerTodo).
func lifecycleStage(status string) bool {
	switch status {
	case market.ProjectPublicity, market.ProjectAwarded, market.ProjectContracted, market.ProjectDelivered, market.ProjectAccepted:
		return true
	}
	return false
}

// ownerProjects lists the signed-in owner's projects (the first hundred,
// nearest deadline first), read once a request: the 待办 list and the
// projects page share it.
func (p *Portal) ownerProjects(c echo.Context) (domain.List[*market.Project], error) {
	const key = "web.ownerProjects"
	if l, ok := c.Get(key).(domain.List[*market.Project]); ok {
		return l, nil
	}
	actor := api.ActorOf(c)
	l, err := p.market.Projects().List(c.Request().Context(), actor, market.ProjectFilter{OwnerID: actor.ID, Sort: "deadline", Page: domain.Page{PerPage: 100}})
	if err != nil {
		return l, err
	}
	c.Set(key, l)
	return l, nil
}

// now reads the platform clock once a request: the sections of a page
// agree on one instant and cost one statement.
func (p *Portal) now(c echo.Context) (time.Time, error) {
	const key = "web.now"
	if t, ok := c.Get(key).(time.Time); ok {
		return t, nil
	}
	t, err := p.market.Now(c.Request().Context())
	if err != nil {
		return t, err
	}
	c.Set(key, t)
	return t, nil
}

// nextAction names the owner's next step for a project state ("" for none);
// the 待办 list refines the lifecycle stages with their deadlines (ownerTodo).
func nextAction(status string) string {
	switch status {
	case market.ProjectDraft:
		return "todo.publish"
	case market.ProjectBidding:
		return "todo.wait_close"
	case market.ProjectEvaluating:
		return "todo.select"
	case market.ProjectPublicity:
		return "todo.publicity"
	case market.ProjectAwarded:
		return "todo.sign"
	case market.ProjectContracted:
		return "todo.delivery"
	case market.ProjectDelivered:
		return "todo.accept"
	case market.ProjectAccepted:
		return "todo.evaluate"
	case market.ProjectFailed:
		return "todo.repost"
	}
	return ""
}

func ownerLink(pr *market.Project) string {
	if pr.Status == market.ProjectDraft {
		return "/workspace/projects#p" + itoa(pr.ID)
	}
	return "/projects/" + itoa(pr.ID)
}

// myProjectsView groups the owner's projects by state.
type myProjectsView struct {
	Groups []projectGroup
	Notice string
}

type projectGroup struct {
	Status   string
	Projects []*market.Project
	Action   string
}

var statusOrder = []string{market.ProjectDraft, market.ProjectBidding, market.ProjectEvaluating, market.ProjectPublicity, market.ProjectAwarded,
	market.ProjectContracted, market.ProjectDelivered, market.ProjectAccepted, market.ProjectCompleted, market.ProjectFailed, market.ProjectCancelled}

func (p *Portal) handleMyProjects(c echo.Context) error {
	v, err := p.wsPage(c, "ws.my_projects", domain.ActProjectOwn)
	if err != nil {
		return err
	}
	list, err := p.ownerProjects(c)
	if err != nil {
		return err
	}
	by := map[string][]*market.Project{}
	for _, pr := range list.Items {
		by[pr.Status] = append(by[pr.Status], pr)
	}
	var out myProjectsView
	for _, st := range statusOrder {
		if len(by[st]) > 0 {
			out.Groups = append(out.Groups, projectGroup{Status: st, Projects: by[st], Action: nextAction(st)})
		}
	}
	if c.QueryParam("published") != "" {
		out.Notice = v.T("ws.published")
	}
	return p.renderWS(c, http.StatusOK, "ws_projects", v, out)
}

func (p *Portal) handleProjectPublish(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Projects().Publish(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id"))
}
