package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

func objectionID(c echo.Context) (int64, error) {
	return IDParam(c, "id", market.ErrObjectionNotFound)
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
	list, err := s.Market.PostAward().Objections(c.Request().Context(), id, pg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleObjectionCreate(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req reasonRequest) (*market.Objection, error) {
		return s.Market.PostAward().RaiseObjection(ctx, a, id, req.Reason)
	})
}

func (s *Server) handleObjectionGet(c echo.Context) error {
	id, err := objectionID(c)
	if err != nil {
		return err
	}
	o, err := s.Market.PostAward().Objection(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

type answerRequest struct {
	Answer string `json:"answer"`
}

func (s *Server) handleObjectionAnswer(c echo.Context) error {
	return onPathBody(c, objectionID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req answerRequest) (*market.Objection, error) {
		return s.Market.PostAward().AnswerObjection(ctx, a, id, req.Answer)
	})
}

func (s *Server) handleObjectionEscalate(c echo.Context) error {
	return onPath(c, objectionID, http.StatusOK, s.Market.PostAward().EscalateObjection)
}

type decisionRequest struct {
	Upheld *bool  `json:"upheld" validate:"required"`
	Reason string `json:"reason"`
}

func (s *Server) handleObjectionDecide(c echo.Context) error {
	return onPathBody(c, objectionID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req decisionRequest) (*market.Objection, error) {
		return s.Market.PostAward().DecideObjection(ctx, a, id, *req.Upheld, req.Reason)
	})
}
