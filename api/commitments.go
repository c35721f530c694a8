package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/commitment"
)

// handleCommitmentList publishes every commitment version (public).
func (s *Server) handleCommitmentList(c echo.Context) error {
	out, err := s.Market.Commitments().List(c.Request().Context(), c.QueryParam("kind"))
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
	return onBody(c, http.StatusCreated, func(ctx context.Context, a domain.Actor, req commitmentRequest) (*commitment.Text, error) {
		return s.Market.Commitments().Publish(ctx, a, req.Kind, req.Text)
	})
}

// handleCommitmentAccept is an existing account accepting the registration
// commitment in force.
func (s *Server) handleCommitmentAccept(c echo.Context) error {
	return onPath(c, PathID, http.StatusOK, s.Market.Commitments().Accept)
}

// commitmentGuard refuses JSON API writes by an enterprise or agency that
// has not accepted the registration commitment in force, except accepting
// it and logging out. Pages ask at login instead (commitmentGate).
func commitmentGuard(c echo.Context, actor domain.Actor) error {
	if !actor.CommitmentPending {
		return nil
	}
	r := c.Request()
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	path := r.URL.Path
	if !strings.HasPrefix(path, "/api/") || path == "/api/v1/auth/logout" ||
		(strings.HasPrefix(path, "/api/v1/commitments/") && strings.HasSuffix(path, "/accept")) {
		return nil
	}
	return commitment.ErrPending
}
