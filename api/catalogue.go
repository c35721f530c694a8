package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain/catalogue"
)

func (s *Server) handleItemList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Catalogue().List(c.Request().Context(), catalogue.Filter{
		Status: c.QueryParam("status"), Department: c.QueryParam("department"), Query: c.QueryParam("q"), Page: p,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleItemGet(c echo.Context) error {
	it, err := s.Market.Catalogue().Get(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, it)
}

type itemRequest struct {
	Code          string   `json:"code" validate:"required"`
	Name          string   `json:"name" validate:"required"`
	Department    string   `json:"department" validate:"required"`
	LegalBasis    string   `json:"legal_basis" validate:"required"`
	Qualification *string  `json:"qualification" validate:"omitempty"`
	TimeLimitDays int      `json:"time_limit_days" validate:"required"`
	Workflow      []string `json:"workflow"`
	Conditions    string   `json:"conditions"`
	FeeStandard   string   `json:"fee_standard"`
	FeeType       string   `json:"fee_type" validate:"required"`
	Status        string   `json:"status"`
}

func (s *Server) handleItemCreate(c echo.Context) error {
	var req itemRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	it := catalogue.Item{Code: req.Code, Name: req.Name, Department: req.Department, LegalBasis: req.LegalBasis,
		Qualification: req.Qualification, TimeLimitDays: req.TimeLimitDays, Workflow: req.Workflow,
		Conditions: req.Conditions, FeeStandard: req.FeeStandard, FeeType: req.FeeType, Status: req.Status}
	out, err := s.Market.Catalogue().Create(c.Request().Context(), ActorOf(c), &it)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleItemUpdate(c echo.Context) error {
	var req catalogue.Patch
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Market.Catalogue().Update(c.Request().Context(), ActorOf(c), c.Param("code"), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
