package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

type repairRequest struct {
	Evidence string `json:"evidence" validate:"required,max=10000"`
}

// handleCreditRepair lets an agency apply to repair one of its deductions.
func (s *Server) handleCreditRepair(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
		return err
	}
	id, err := PathID(c)
	if err != nil {
		return err
	}
	var req repairRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := s.Market.ApplyCreditRepair(c.Request().Context(), ActorOf(c), id, req.Evidence)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, r)
}

type repairDecisionRequest struct {
	Granted *bool  `json:"granted" validate:"required"`
	Reason  string `json:"reason" validate:"required,max=2000"`
}

// handleRepairDecision is a department's or an admin's decision on a repair.
func (s *Server) handleRepairDecision(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := PathID(c)
	if err != nil {
		return err
	}
	var req repairDecisionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	r, err := s.Market.DecideCreditRepair(c.Request().Context(), ActorOf(c), id, *req.Granted, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}

// handleRepairList lists repair applications for departments and admins.
func (s *Server) handleRepairList(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.ListCreditRepairs(c.Request().Context(), ActorOf(c), c.QueryParam("status"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
