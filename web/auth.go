package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/commitment"
	"marketplace/domain/identity"
)

type loginView struct {
	Back  string
	Email string
	Error string
	// SSO shows the single sign-on button beside the password form.
	SSO bool
}

func (p *Portal) handleLoginForm(c echo.Context) error {
	v := p.newPage(c, "", "login.title")
	v.Body = loginView{Back: api.SafeBack(c.QueryParam("back")), SSO: p.sso() != nil}
	return p.render(c, http.StatusOK, "login", v)
}

func (p *Portal) handleLogin(c echo.Context) error {
	email := c.FormValue("email")
	sess, err := p.market.Accounts().Login(c.Request().Context(), email, c.FormValue("password"), c.RealIP())
	if err != nil {
		if code := domain.ErrorCode(err); code != domain.EUNAUTHORIZED && code != domain.ETOOMANY {
			return err
		}
		v := p.newPage(c, "", "login.title")
		v.Body = loginView{Email: email, Error: v.errorText(err), Back: api.SafeBack(c.FormValue("back")), SSO: p.sso() != nil}
		return p.render(c, api.StatusOf(domain.ErrorCode(err)), "login", v)
	}
	p.setSession(c, sess)
	back := api.SafeBack(c.FormValue("back"))
	if back == "/" {
		back = "/workspace"
	}
	return c.Redirect(http.StatusSeeOther, p.commitmentGate(c, sess, back))
}

func (p *Portal) setSession(c echo.Context, sess *identity.Session) {
	c.SetCookie(&http.Cookie{Name: api.SessionCookie, Value: sess.Token, Path: "/", Expires: sess.ExpiresAt,
		HttpOnly: true, Secure: p.secureCookies, SameSite: http.SameSiteLaxMode})
}

func (p *Portal) handleLogout(c echo.Context) error {
	if token, _ := c.Get("token").(string); token != "" {
		if err := p.market.Accounts().Logout(c.Request().Context(), token); err != nil {
			return err
		}
	}
	c.SetCookie(&http.Cookie{Name: api.SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: p.secureCookies, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusSeeOther, p.afterLogout(c))
}

type registerView struct {
	Input  identity.RegisterInput
	Errors map[string]string
	// Commitment is the registration commitment the registrant accepts.
	Commitment *commitment.Text
}

func (p *Portal) handleRegisterForm(c echo.Context) error {
	v := p.newPage(c, "", "register.title")
	v.Body = registerView{Input: identity.RegisterInput{Role: c.QueryParam("role")}, Errors: map[string]string{}, Commitment: p.registrationCommitment(c)}
	return p.render(c, http.StatusOK, "register", v)
}

// handleRegister registers and logs in; on a refused field the form comes
// back with everything the user typed (but the password) and the message
// beside the field.
func (p *Portal) handleRegister(c echo.Context) error {
	in := identity.RegisterInput{Role: c.FormValue("role"), Name: c.FormValue("name"), USCC: c.FormValue("uscc"),
		LegalRepresentative: c.FormValue("legal_representative"), ContactPhone: c.FormValue("contact_phone"),
		Email: c.FormValue("email"), Password: c.FormValue("password"), AcceptCommitmentVersion: formCommitmentVersion(c)}
	if in.Password != c.FormValue("password_confirm") {
		// A typo in a hidden field would lock the user out of the new
		// account; the API takes one password, the form asks twice.
		v := p.newPage(c, "", "register.title")
		in.Password = ""
		v.Body = registerView{Input: in, Errors: map[string]string{"password_confirm": v.T("error.password_mismatch")}, Commitment: p.registrationCommitment(c)}
		return p.render(c, http.StatusBadRequest, "register", v)
	}
	ctx := c.Request().Context()
	_, err := p.market.Accounts().Register(ctx, in)
	if err == nil {
		sess, lerr := p.market.Accounts().Login(ctx, in.Email, in.Password, c.RealIP())
		if lerr != nil {
			return lerr
		}
		p.setSession(c, sess)
		return c.Redirect(http.StatusSeeOther, "/workspace")
	}
	de, ok := domain.AsError(err)
	if !ok || (de.Code != domain.EINVALID && de.Code != domain.ECONFLICT) {
		return err
	}
	v := p.newPage(c, "", "register.title")
	field := de.Field
	if field == "" {
		field = "form"
	}
	in.Password = ""
	v.Body = registerView{Input: in, Errors: map[string]string{field: v.errorText(err)}, Commitment: p.registrationCommitment(c)}
	return p.render(c, api.StatusOf(de.Code), "register", v)
}
