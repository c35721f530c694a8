package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/credit"
)

type repairRequest struct {
	Evidence string `json:"evidence" validate:"required"`
}

// handleCreditRepair lets an agency apply to repair one of its deductions.
func (s *Server) handleCreditRepair(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req repairRequest) (*credit.Repair, error) {
		return s.Market.Credit().ApplyRepair(ctx, a, id, req.Evidence)
	})
}

type repairDecisionRequest struct {
	Granted *bool  `json:"granted" validate:"required"`
	Reason  string `json:"reason" validate:"required"`
}

// handleRepairDecision is a department's or an admin's decision on a repair.
func (s *Server) handleRepairDecision(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req repairDecisionRequest) (*credit.Repair, error) {
		return s.Market.Credit().DecideRepair(ctx, a, id, *req.Granted, req.Reason)
	})
}

// handleRepairList lists repair applications for departments and admins.
func (s *Server) handleRepairList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Credit().ListRepairs(c.Request().Context(), ActorOf(c), c.QueryParam("status"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
