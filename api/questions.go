package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

type questionRequest struct {
	Question string `json:"question" validate:"required"`
}

type questionAnswerRequest struct {
	Answer string `json:"answer" validate:"required"`
}

func (s *Server) handleQuestionList(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Questions().ForProject)
}

func (s *Server) handleQuestionCreate(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req questionRequest) (*market.Question, error) {
		return s.Market.Questions().Ask(ctx, a, id, req.Question)
	})
}

func (s *Server) handleQuestionAnswer(c echo.Context) error {
	id, err := IDParam(c, "id", market.ErrQuestionNotFound)
	if err != nil {
		return err
	}
	var req questionAnswerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	q, err := s.Market.Questions().Answer(c.Request().Context(), ActorOf(c), id, req.Answer)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, q)
}

// handleAdminQuestionList is the one place the askers appear: admins only.
func (s *Server) handleAdminQuestionList(c echo.Context) error {
	var pid int64
	if err := echo.QueryParamsBinder(c).MustInt64("project", &pid).BindError(); err != nil || pid <= 0 {
		return domain.FieldError("project", "project_format", "project must be a project id.")
	}
	qs, err := s.Market.Questions().ForAdmin(c.Request().Context(), ActorOf(c), pid)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"questions": qs})
}

func (s *Server) handleInvestmentProjectGet(c echo.Context) error {
	ip, err := s.Market.InvestmentProjectTrail(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ip)
}
