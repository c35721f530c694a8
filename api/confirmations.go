package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// handleConfirmationList lists the second-department confirmation queue
// (?status=pending|confirmed|withdrawn&subject=violation|avoid_list) for
// departments and admins.
func (s *Server) handleConfirmationList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.ListConfirmations(c.Request().Context(), ActorOf(c),
		domain.ConfirmationFilter{Status: c.QueryParam("status"), Subject: c.QueryParam("subject"), Page: p})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

// handleConfirmationConfirm confirms one pending request (a department other
// than the requester, or an admin).
func (s *Server) handleConfirmationConfirm(c echo.Context) error {
	return onPath(c, PathID, http.StatusOK, s.Market.Confirm)
}
