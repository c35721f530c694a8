package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/identity"
)

type oidcStatus struct {
	Enabled  bool   `json:"enabled"`
	Issuer   string `json:"issuer,omitempty"`
	LoginURL string `json:"login_url,omitempty"`
}

// handleOIDCStatus tells a client whether single sign-on is on and where a
// browser starts it.
func (s *Server) handleOIDCStatus(c echo.Context) error {
	if s.OIDC == nil {
		return c.JSON(http.StatusOK, oidcStatus{})
	}
	return c.JSON(http.StatusOK, oidcStatus{Enabled: true, Issuer: s.OIDC.Issuer(), LoginURL: "/auth/oidc/login"})
}

type oidcLinkRequest struct {
	Subject string `json:"subject" validate:"required"`
}

type oidcLinkView struct {
	AccountID int64  `json:"account_id"`
	Issuer    string `json:"issuer"`
	Subject   string `json:"subject"`
}

// handleOIDCStaffLink links a department or admin account to a subject of
// the identity provider: staff are never created by single sign-on.
func (s *Server) handleOIDCStaffLink(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return identity.ErrAccountNotFound
	}
	var req oidcLinkRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if s.OIDC == nil {
		return ErrOIDCDisabled
	}
	if err := s.Market.Accounts().LinkStaffIdentity(c.Request().Context(), ActorOf(c), id, s.OIDC.Issuer(), req.Subject); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, oidcLinkView{AccountID: id, Issuer: s.OIDC.Issuer(), Subject: req.Subject})
}

// ErrOIDCDisabled answers the single sign-on routes while OIDC_ISSUER is unset.
var ErrOIDCDisabled = domain.Errorf(domain.ENOTFOUND, "oidc_disabled", "Single sign-on is not configured.")
