package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/agency"
)

// IDParam reads a positive integer path parameter; anything else names no
// resource, so it is a 404 like an unknown id.
func IDParam(c echo.Context, name string, notFound *domain.Error) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound
	}
	return id, nil
}

func (s *Server) handleAgencyList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Agencies().ListAgencies(c.Request().Context(), agency.Filter{
		Item: c.QueryParam("item"), Region: c.QueryParam("region"), Grade: c.QueryParam("grade"),
		Status: c.QueryParam("status"), Sort: c.QueryParam("sort"), Page: p,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleAgencyGet(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrNotFound)
	if err != nil {
		return err
	}
	a, err := s.Market.Agencies().GetAgency(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) handleAgencyMe(c echo.Context) error {
	a, err := s.Market.Agencies().MyAgency(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

// agencyPatchRequest mirrors agency.Patch; validate tags catch
// oversized input before the domain rules run.
type agencyPatchRequest struct {
	Description   *string   `json:"description" validate:"omitempty"`
	OfficeAddress *string   `json:"office_address" validate:"omitempty"`
	Region        *string   `json:"region" validate:"omitempty"`
	Website       *string   `json:"website" validate:"omitempty"`
	StaffCount    *int      `json:"staff_count"`
	ContactName   *string   `json:"contact_name" validate:"omitempty"`
	ContactPhone  *string   `json:"contact_phone" validate:"omitempty"`
	ContactPublic *bool     `json:"contact_public"`
	ServiceItems  *[]string `json:"service_items" validate:"omitempty"`
}

func (s *Server) handleAgencyUpdate(c echo.Context) error {
	return onBody(c, http.StatusOK, func(ctx context.Context, a domain.Actor, req agencyPatchRequest) (*agency.Agency, error) {
		return s.Market.Agencies().UpdateProfile(ctx, a, agency.Patch(req))
	})
}

func (s *Server) handleAgencyExit(c echo.Context) error {
	a, err := s.Market.Agencies().Exit(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

func (s *Server) handleAgencyRejoin(c echo.Context) error {
	a, err := s.Market.Agencies().Rejoin(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, a)
}

type affiliationRequest struct {
	DepartmentID int64  `json:"department_id" validate:"required"`
	Relation     string `json:"relation" validate:"required"`
	Note         string `json:"note"`
}

func (s *Server) handleAffiliationCreate(c echo.Context) error {
	return onBody(c, http.StatusCreated, func(ctx context.Context, a domain.Actor, req affiliationRequest) (*agency.Affiliation, error) {
		return s.Market.Agencies().DeclareAffiliation(ctx, a, agency.AffiliationInput(req))
	})
}

func (s *Server) handleAffiliationDelete(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrAffiliationNotFound)
	if err != nil {
		return err
	}
	if err := s.Market.Agencies().RemoveAffiliation(c.Request().Context(), ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleDepartmentList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Agencies().ListDepartments(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
