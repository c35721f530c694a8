package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/credit"
)

type inspectionRequest struct {
	ItemCode            string   `json:"item_code"`
	Region              string   `json:"region"`
	SampleSize          int      `json:"sample_size" validate:"required"`
	Inspectors          []string `json:"inspectors" validate:"required"`
	InspectorsPerAgency int      `json:"inspectors_per_agency"`
}

// handleInspectionCreate draws a random inspection (departments).
func (s *Server) handleInspectionCreate(c echo.Context) error {
	return onBody(c, http.StatusCreated, func(ctx context.Context, a domain.Actor, req inspectionRequest) (*credit.Inspection, error) {
		return s.Market.Credit().CreateInspection(ctx, a, credit.InspectionInput(req))
	})
}

type inspectionResultRequest struct {
	AgencyID int64  `json:"agency_id" validate:"required"`
	Result   string `json:"result" validate:"required"`
	Findings string `json:"findings"`
}

// handleInspectionResult records one drawn agency's result (the inspecting department).
func (s *Server) handleInspectionResult(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req inspectionResultRequest) (*credit.Inspection, error) {
		return s.Market.Credit().RecordInspectionResult(ctx, a, id, req.AgencyID, req.Result, req.Findings)
	})
}

// handleInspectionGet is public (一公开).
func (s *Server) handleInspectionGet(c echo.Context) error {
	id, err := PathID(c)
	if err != nil {
		return err
	}
	out, err := s.Market.Credit().GetInspection(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// handleInspectionList is public.
func (s *Server) handleInspectionList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Credit().ListInspections(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
