package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// handleCommitmentList publishes every commitment version (public).
func (s *Server) handleCommitmentList(c echo.Context) error {
	out, err := s.Market.ListCommitments(c.Request().Context(), c.QueryParam("kind"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

type commitmentRequest struct {
	Kind string `json:"kind" validate:"required"`
	Text string `json:"text" validate:"required"`
}

// handleCommitmentPublish publishes a new version (admins).
func (s *Server) handleCommitmentPublish(c echo.Context) error {
	if err := requireRole(c, domain.RoleAdmin); err != nil {
		return err
	}
	var req commitmentRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.Market.PublishCommitment(c.Request().Context(), ActorOf(c), req.Kind, req.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

// handleCommitmentAccept is an existing account accepting the registration
// commitment in force.
func (s *Server) handleCommitmentAccept(c echo.Context) error {
	if err := requireRole(c, domain.RoleEnterprise, domain.RoleAgency); err != nil {
		return err
	}
	id, err := creditPathID(c)
	if err != nil {
		return err
	}
	a, err := s.Market.AcceptCommitment(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}
