package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

type violationRequest struct {
	AgencyID  int64           `json:"agency_id" validate:"required"`
	Kind      string          `json:"kind" validate:"required"`
	Severity  domain.Severity `json:"severity"`
	Evidence  string          `json:"evidence"`
	Reason    string          `json:"reason"`
	ProjectID *int64          `json:"project_id"`
}

// handleViolationCreate records a department's violation finding.
func (s *Server) handleViolationCreate(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment); err != nil {
		return err
	}
	var req violationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	v, err := s.Market.RecordViolation(c.Request().Context(), ActorOf(c), domain.ViolationInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, v)
}

// handleViolationConfirm confirms a pending violation (another department or an admin).
func (s *Server) handleViolationConfirm(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := PathID(c)
	if err != nil {
		return err
	}
	v, err := s.Market.ConfirmViolation(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// handleViolationList lists violations for departments and admins
// (?status=pending|confirmed&agency_id=).
func (s *Server) handleViolationList(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	f := domain.ViolationFilter{Status: c.QueryParam("status"), Page: p}
	if a := c.QueryParam("agency_id"); a != "" {
		if f.AgencyID, err = strconv.ParseInt(a, 10, 64); err != nil {
			return domain.FieldError("agency_id", "agency_id_format", "agency_id must be a whole number.")
		}
	}
	list, err := s.Market.ListViolations(c.Request().Context(), ActorOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
