package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/commitment"
	"marketplace/domain/identity"
)

// SessionCookie is the web session cookie; it carries the same opaque token
// as the bearer header.
const SessionCookie = "mk_session"

const actorKey = "actor"

// authenticate puts the Actor on the context. No credentials: the anonymous
// public. Credentials that do not resolve: 401 for the API (a stale cookie
// on a page is simply dropped).
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, fromCookie := bearerToken(c)
		if token == "" {
			c.Set(actorKey, domain.Actor{})
			return next(c)
		}
		actor, err := s.Market.Accounts().Authenticate(c.Request().Context(), token)
		if err != nil {
			if fromCookie && domain.ErrorCode(err) == domain.EUNAUTHORIZED {
				c.SetCookie(&http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
				c.Set(actorKey, domain.Actor{})
				return next(c)
			}
			return err
		}
		c.Set(actorKey, actor)
		c.Set("token", token)
		if err := commitmentGuard(c, actor); err != nil {
			return err
		}
		return next(c)
	}
}

func bearerToken(c echo.Context) (token string, fromCookie bool) {
	if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t), false
		}
		return h, false // malformed: Authenticate refuses it
	}
	if ck, err := c.Cookie(SessionCookie); err == nil {
		return ck.Value, true
	}
	return "", false
}

// ActorOf returns the actor the auth middleware resolved.
func ActorOf(c echo.Context) domain.Actor {
	a, _ := c.Get(actorKey).(domain.Actor)
	return a
}

type registerRequest struct {
	Role                string `json:"role" validate:"required"`
	Name                string `json:"name" validate:"required"`
	USCC                string `json:"uscc" validate:"required"`
	LegalRepresentative string `json:"legal_representative" validate:"required"`
	ContactPhone        string `json:"contact_phone" validate:"required"`
	Email               string `json:"email" validate:"required"`
	Password            string `json:"password" validate:"required"`
	// The domain refuses a missing or stale version with a clear 400.
	AcceptCommitmentVersion commitment.Version `json:"accept_commitment_version"`
}

type accountView struct {
	ID     int64  `json:"id"`
	Role   string `json:"role"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Email  string `json:"email,omitempty"`
	USCC   string `json:"uscc,omitempty"`
}

func viewAccount(a *identity.Account) accountView {
	return accountView{ID: a.ID, Role: a.Role, Name: a.Name, Status: a.Status, Email: a.Email, USCC: a.USCC}
}

func (s *Server) handleRegister(c echo.Context) error {
	var req registerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	a, err := s.Market.Accounts().Register(c.Request().Context(), identity.RegisterInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, viewAccount(a))
}

type loginRequest struct {
	Email    string `json:"email" validate:"required"`
	Password string `json:"password" validate:"required"`
}

type loginResponse struct {
	Token     string      `json:"token"`
	ExpiresAt time.Time   `json:"expires_at"`
	Account   accountView `json:"account"`
}

func (s *Server) handleLogin(c echo.Context) error {
	var req loginRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	sess, err := s.Market.Accounts().Login(c.Request().Context(), req.Email, req.Password, c.RealIP())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, loginResponse{Token: sess.Token, ExpiresAt: sess.ExpiresAt, Account: viewAccount(sess.Account)})
}

func (s *Server) handleLogout(c echo.Context) error {
	token, _ := c.Get("token").(string)
	if token == "" {
		return domain.ErrUnauthenticated
	}
	if err := s.Market.Accounts().Logout(c.Request().Context(), token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleMe(c echo.Context) error {
	a, err := s.Market.Accounts().Me(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, viewAccount(a))
}
