package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

func objectionID(c echo.Context) (int64, error) {
	return IDParam(c, "id", domain.ErrObjectionNotFound)
}

func (s *Server) handleObjectionList(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	pg, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.FindObjections(c.Request().Context(), id, pg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleObjectionCreate(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
		return err
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req reasonRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Market.RaiseObjection(c.Request().Context(), ActorOf(c), id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, o)
}

func (s *Server) handleObjectionGet(c echo.Context) error {
	id, err := objectionID(c)
	if err != nil {
		return err
	}
	o, err := s.Market.FindObjection(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

type answerRequest struct {
	Answer string `json:"answer"`
}

func (s *Server) handleObjectionAnswer(c echo.Context) error {
	if err := RequireRole(c, domain.RoleEnterprise, domain.RoleDepartment); err != nil {
		return err
	}
	id, err := objectionID(c)
	if err != nil {
		return err
	}
	var req answerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Market.AnswerObjection(c.Request().Context(), ActorOf(c), id, req.Answer)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

func (s *Server) handleObjectionEscalate(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
		return err
	}
	id, err := objectionID(c)
	if err != nil {
		return err
	}
	o, err := s.Market.EscalateObjection(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

type decisionRequest struct {
	Upheld *bool  `json:"upheld" validate:"required"`
	Reason string `json:"reason"`
}

func (s *Server) handleObjectionDecide(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := objectionID(c)
	if err != nil {
		return err
	}
	var req decisionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	o, err := s.Market.DecideObjection(c.Request().Context(), ActorOf(c), id, *req.Upheld, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}
