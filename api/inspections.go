package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
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
	if err := RequireRole(c, domain.RoleDepartment); err != nil {
		return err
	}
	var req inspectionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Market.CreateInspection(c.Request().Context(), ActorOf(c), domain.InspectionInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

type inspectionResultRequest struct {
	AgencyID int64  `json:"agency_id" validate:"required"`
	Result   string `json:"result" validate:"required,oneof=pass fail"`
	Findings string `json:"findings"`
}

// handleInspectionResult records one drawn agency's result (the inspecting department).
func (s *Server) handleInspectionResult(c echo.Context) error {
	if err := RequireRole(c, domain.RoleDepartment); err != nil {
		return err
	}
	id, err := PathID(c)
	if err != nil {
		return err
	}
	var req inspectionResultRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Market.RecordInspectionResult(c.Request().Context(), ActorOf(c), id, req.AgencyID, req.Result, req.Findings)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// handleInspectionGet is public (一公开).
func (s *Server) handleInspectionGet(c echo.Context) error {
	id, err := PathID(c)
	if err != nil {
		return err
	}
	out, err := s.Market.GetInspection(c.Request().Context(), id)
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
	list, err := s.Market.ListInspections(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
