package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/commitment"
	"marketplace/domain/identity"
)

// registrationCommitment is the registration commitment in force, shown
// on the registration form (nil when none is published or on a read error:
// the form still works and the domain refuses a missing acceptance).
func (p *Portal) registrationCommitment(c echo.Context) *commitment.Text {
	list, err := p.market.Commitments().List(c.Request().Context(), commitment.Registration)
	if err != nil || len(list.Items) == 0 {
		return nil
	}
	return list.Items[0]
}

// formCommitmentVersion reads the ticked commitment box (0: not ticked).
func formCommitmentVersion(c echo.Context) commitment.Version {
	n, err := strconv.Atoi(strings.TrimSpace(c.FormValue("accept_commitment_version")))
	if err != nil || n < 0 {
		return 0
	}
	return commitment.Version(n)
}

// commitmentGate sends an account that has not accepted the registration
// commitment in force to the acceptance page at login (an existing account
// after a new version is published), then on to back.
func (p *Portal) commitmentGate(c echo.Context, sess *identity.Session, back string) string {
	actor := domain.Actor{ID: sess.Account.ID, Role: sess.Account.Role, Name: sess.Account.Name}
	pending, err := p.market.Commitments().Pending(c.Request().Context(), actor)
	if err != nil || pending == nil {
		return back
	}
	return "/workspace/commitment?back=" + url.QueryEscape(back)
}

// commitmentsView is the public list of commitment versions.
type commitmentsView struct {
	List *commitment.Texts
}

// handleCommitments is the public page of every commitment version.
func (p *Portal) handleCommitments(c echo.Context) error {
	list, err := p.market.Commitments().List(c.Request().Context(), "")
	if err != nil {
		return err
	}
	v := p.newPage(c, "credit", "commitment.title")
	v.Body = commitmentsView{List: list}
	return p.render(c, http.StatusOK, "commitments", v)
}

// commitmentAcceptView is the login prompt to accept a new version.
type commitmentAcceptView struct {
	Text  *commitment.Text
	Back  string
	Error string
}

func (p *Portal) commitmentAcceptPage(c echo.Context, status int, errText string) error {
	// A plain page, not a workspace one: the prompt comes before the
	// workspace and costs none of its to-do queries.
	if err := domain.Authorize(api.ActorOf(c), domain.ActAcceptCommitment); err != nil {
		return err
	}
	v := p.newPage(c, "", "commitment.accept_title")
	pending, err := p.market.Commitments().Pending(c.Request().Context(), api.ActorOf(c))
	if err != nil {
		return err
	}
	back := api.SafeBack(c.FormValue("back"))
	if back == "/" {
		back = "/workspace"
	}
	v.Body = commitmentAcceptView{Text: pending, Back: back, Error: errText}
	return p.render(c, status, "commitment_accept", v)
}

func (p *Portal) handleCommitmentPrompt(c echo.Context) error {
	return p.commitmentAcceptPage(c, http.StatusOK, "")
}

// handleCommitmentAcceptForm accepts the text the form showed; a newer
// version published meanwhile is shown again with the reason.
func (p *Portal) handleCommitmentAcceptForm(c echo.Context) error {
	id, perr := strconv.ParseInt(strings.TrimSpace(c.FormValue("text_id")), 10, 64)
	if perr != nil || id <= 0 || c.FormValue("accept") != "1" {
		v := p.newPage(c, "", "")
		return p.commitmentAcceptPage(c, http.StatusBadRequest, v.T("error.commitment_required"))
	}
	if _, err := p.market.Commitments().Accept(c.Request().Context(), api.ActorOf(c), id); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		return p.commitmentAcceptPage(c, status, v.errorText(err))
	}
	back := api.SafeBack(c.FormValue("back"))
	if back == "/" {
		back = "/workspace"
	}
	return c.Redirect(http.StatusSeeOther, back)
}
