package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/credit"
)

type violationRequest struct {
	AgencyID  int64           `json:"agency_id" validate:"required"`
	Kind      string          `json:"kind" validate:"required"`
	Severity  credit.Severity `json:"severity"`
	Evidence  string          `json:"evidence"`
	Reason    string          `json:"reason"`
	ProjectID *int64          `json:"project_id"`
}

// handleViolationCreate records a department's violation finding.
func (s *Server) handleViolationCreate(c echo.Context) error {
	return onBody(c, http.StatusCreated, func(ctx context.Context, a domain.Actor, req violationRequest) (*credit.Violation, error) {
		return s.Market.Credit().RecordViolation(ctx, a, credit.ViolationInput(req))
	})
}

// handleViolationConfirm confirms a pending violation (another department or an admin).
func (s *Server) handleViolationConfirm(c echo.Context) error {
	return onPath(c, PathID, http.StatusOK, s.Market.Credit().ConfirmViolation)
}

// handleViolationList lists violations for departments and admins
// (?status=pending|confirmed&agency_id=).
func (s *Server) handleViolationList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	f := credit.ViolationFilter{Status: c.QueryParam("status"), Page: p}
	if a := c.QueryParam("agency_id"); a != "" {
		if f.AgencyID, err = strconv.ParseInt(a, 10, 64); err != nil {
			return domain.FieldError("agency_id", "agency_id_format", "agency_id must be a whole number.")
		}
	}
	list, err := s.Market.Credit().ListViolations(c.Request().Context(), ActorOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
