package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/identity"
)

// Cookies of the single sign-on flow. The state cookie binds the callback
// to the browser that started the login (no login CSRF); the pending
// cookie carries the verified identity's one-time token to the next step;
// the ID token cookie is the hint for RP-initiated logout.
const (
	oidcStateCookie   = "mk_oidc_state"
	oidcPendingCookie = "mk_oidc_pending"
	oidcIDTokenCookie = "mk_oidc_idt"
)

func (p *Portal) oidcCookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: p.secureCookies, SameSite: http.SameSiteLaxMode})
}

// handleOIDCLogin starts the authorization code flow with PKCE.
func (p *Portal) handleOIDCLogin(c echo.Context) error {
	if p.sso() == nil {
		return api.ErrOIDCDisabled
	}
	st, err := p.market.Accounts().BeginOIDCLogin(c.Request().Context(), api.SafeBack(c.QueryParam("back")))
	if err != nil {
		return err
	}
	to, err := p.sso().AuthURL(st)
	if err != nil {
		return p.oidcLoginError(c, err)
	}
	p.oidcCookie(c, oidcStateCookie, st.State, int(identity.OIDCLoginTTL.Seconds()))
	return c.Redirect(http.StatusSeeOther, to)
}

// handleOIDCCallback consumes the state (once), redeems the code outside
// any transaction, verifies the ID token and acts on the identity.
func (p *Portal) handleOIDCCallback(c echo.Context) error {
	if p.sso() == nil {
		return api.ErrOIDCDisabled
	}
	ctx := c.Request().Context()
	state := c.QueryParam("state")
	ck, err := c.Cookie(oidcStateCookie)
	if err != nil || ck.Value == "" || ck.Value != state {
		return p.oidcLoginError(c, identity.ErrOIDCState)
	}
	p.oidcCookie(c, oidcStateCookie, "", -1)
	login, err := p.market.Accounts().TakeOIDCLogin(ctx, state)
	if err != nil {
		return p.oidcLoginError(c, err)
	}
	if c.QueryParam("error") != "" || c.QueryParam("code") == "" {
		return p.oidcLoginError(c, domain.Errorf(domain.EUNAUTHORIZED, "oidc_denied", "The identity platform did not sign you in."))
	}
	id, rawIDToken, err := p.sso().Exchange(ctx, c.QueryParam("code"), login)
	if err != nil {
		p.log.Warn("oidc: callback refused", "err", err)
		return p.oidcLoginError(c, err)
	}
	out, err := p.market.Accounts().SignInWithIdentity(ctx, id)
	if err != nil {
		return p.oidcLoginError(c, err)
	}
	// The provider's session exists from here on, whichever way this
	// sign-in ends: the hint lets logout end it as well.
	p.oidcCookie(c, oidcIDTokenCookie, rawIDToken, 0)
	if out.Session == nil {
		p.oidcCookie(c, oidcPendingCookie, out.PendingToken, int(identity.OIDCPendingTTL.Seconds()))
		return c.Redirect(http.StatusSeeOther, "/auth/oidc/finish")
	}
	p.setSession(c, out.Session)
	back := login.Back
	if back == "/" || back == "" {
		back = "/workspace"
	}
	return c.Redirect(http.StatusSeeOther, p.commitmentGate(c, out.Session, back))
}

// oidcLoginError shows the login page with the reason the sign-in failed,
// in the reader's language; anything but a refusal stays an error.
func (p *Portal) oidcLoginError(c echo.Context, err error) error {
	code := domain.ErrorCode(err)
	switch code {
	case domain.EINVALID, domain.EUNAUTHORIZED, domain.EFORBIDDEN, domain.EUNAVAILABLE, domain.ENOTFOUND:
	default:
		return err
	}
	v := p.newPage(c, "", "login.title")
	v.Body = loginView{Back: "/", Error: v.errorText(err), SSO: true}
	return p.render(c, api.StatusOf(code), "login", v)
}

type oidcFinishView struct {
	Pending *identity.PendingIdentity
	Input   identity.SSORegistration
	Errors  map[string]string
}

func (p *Portal) pendingToken(c echo.Context) string {
	if ck, err := c.Cookie(oidcPendingCookie); err == nil {
		return ck.Value
	}
	return ""
}

// handleOIDCFinish asks for the password of the matching account, or for
// the role and contact details of a new one.
func (p *Portal) handleOIDCFinish(c echo.Context) error {
	if p.sso() == nil {
		return api.ErrOIDCDisabled
	}
	pending, err := p.market.Accounts().PendingIdentity(c.Request().Context(), p.pendingToken(c))
	if err != nil {
		return p.oidcLoginError(c, err)
	}
	return p.renderOIDCFinish(c, http.StatusOK, pending, identity.SSORegistration{Role: domain.RoleAgency}, nil)
}

func (p *Portal) renderOIDCFinish(c echo.Context, status int, pending *identity.PendingIdentity, in identity.SSORegistration, errs map[string]string) error {
	v := p.newPage(c, "", "oidc.finish.title")
	if errs == nil {
		errs = map[string]string{}
	}
	v.Body = oidcFinishView{Pending: pending, Input: in, Errors: errs}
	return p.render(c, status, "oidc_finish", v)
}

// handleOIDCLink confirms the matching account's password and links it.
func (p *Portal) handleOIDCLink(c echo.Context) error {
	if p.sso() == nil {
		return api.ErrOIDCDisabled
	}
	ctx := c.Request().Context()
	token := p.pendingToken(c)
	sess, err := p.market.Accounts().LinkPendingIdentity(ctx, token, c.FormValue("password"), c.RealIP())
	if err != nil {
		return p.oidcFinishError(c, token, identity.SSORegistration{}, err)
	}
	p.oidcCookie(c, oidcPendingCookie, "", -1)
	p.setSession(c, sess)
	// A new or newly linked account accepts the registration commitment
	// (信用承诺) first, as with registration.
	return c.Redirect(http.StatusSeeOther, p.commitmentGate(c, sess, "/workspace"))
}

// handleOIDCCreate creates the enterprise or agency account the user chose.
func (p *Portal) handleOIDCCreate(c echo.Context) error {
	if p.sso() == nil {
		return api.ErrOIDCDisabled
	}
	ctx := c.Request().Context()
	token := p.pendingToken(c)
	in := identity.SSORegistration{Role: c.FormValue("role"), LegalRepresentative: c.FormValue("legal_representative"),
		ContactPhone: c.FormValue("contact_phone"), Email: c.FormValue("email")}
	sess, err := p.market.Accounts().CreateAccountFromIdentity(ctx, token, in)
	if err != nil {
		return p.oidcFinishError(c, token, in, err)
	}
	p.oidcCookie(c, oidcPendingCookie, "", -1)
	p.setSession(c, sess)
	// A new or newly linked account accepts the registration commitment
	// (信用承诺) first, as with registration.
	return c.Redirect(http.StatusSeeOther, p.commitmentGate(c, sess, "/workspace"))
}

// oidcFinishError shows the finishing form again with the refusal beside
// its field; a pending identity that is gone sends back to the login page.
func (p *Portal) oidcFinishError(c echo.Context, token string, in identity.SSORegistration, err error) error {
	de, ok := domain.AsError(err)
	if !ok {
		return err
	}
	pending, perr := p.market.Accounts().PendingIdentity(c.Request().Context(), token)
	if perr != nil {
		return p.oidcLoginError(c, perr)
	}
	switch de.Code {
	case domain.EINVALID, domain.ECONFLICT, domain.EUNAUTHORIZED, domain.ETOOMANY:
	default:
		return err
	}
	v := p.newPage(c, "", "oidc.finish.title")
	field := de.Field
	if field == "" {
		field = "form"
	}
	return p.renderOIDCFinish(c, api.StatusOf(de.Code), pending, in, map[string]string{field: v.errorText(err)})
}

// afterLogout is where a logged-out browser goes: the provider's end-session
// endpoint when the session came from single sign-on and the provider
// offers RP-initiated logout, else the home page.
func (p *Portal) afterLogout(c echo.Context) string {
	ck, err := c.Cookie(oidcIDTokenCookie)
	if err != nil || ck.Value == "" || p.sso() == nil {
		return "/"
	}
	p.oidcCookie(c, oidcIDTokenCookie, "", -1)
	if u := p.sso().EndSessionURL(ck.Value); u != "" {
		return u
	}
	return "/"
}

// sso is the single sign-on client, nil while it is off.
func (p *Portal) sso() *api.OIDCClient {
	if p.oidcClient == nil {
		return nil
	}
	return p.oidcClient()
}
