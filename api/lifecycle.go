package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/market"
)

type selectionRequest struct {
	Scores   []market.TechnicalScore `json:"scores"`
	AgencyID int64                   `json:"agency_id"`
}

// handleSelectionCreate takes the owner's technical scores (composite) or
// the enterprise's pick (direct). Any signed-in account reaches the domain,
// so that a refused attempt (someone else's project, a department on an
// enterprise's project) is audited there.
func (s *Server) handleSelectionCreate(c echo.Context) error {
	if ActorOf(c).IsAnonymous() {
		return domain.ErrUnauthenticated
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req selectionRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := s.Market.Select(c.Request().Context(), ActorOf(c), id, market.SelectionInput{Scores: req.Scores, AgencyID: req.AgencyID})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) handleLifecycleGet(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.PostAward().View)
}

func (s *Server) handleContractGet(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	k, err := s.Market.PostAward().Contract(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, k)
}

func (s *Server) handleContractSign(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.PostAward().SignContract)
}

type reasonRequest struct {
	Reason string `json:"reason"`
}

func (s *Server) handleContractDecline(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req reasonRequest) (*market.Project, error) {
		return s.Market.DeclineContract(ctx, a, id, req.Reason)
	})
}

type evaluationRequest struct {
	Quality    int    `json:"quality"`
	Timeliness int    `json:"timeliness"`
	Attitude   int    `json:"attitude"`
	Fee        int    `json:"fee"`
	Comment    string `json:"comment"`
}

func (s *Server) handleEvaluationCreate(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req evaluationRequest) (*market.Evaluation, error) {
		return s.Market.PostAward().Evaluate(ctx, a, id, market.EvaluationInput(req))
	})
}

type replyRequest struct {
	Reply string `json:"reply"`
}

func (s *Server) handleEvaluationReply(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req replyRequest) (*market.Evaluation, error) {
		return s.Market.PostAward().ReplyToEvaluation(ctx, a, id, req.Reply)
	})
}

func (s *Server) handleAgencyEvaluations(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrNotFound)
	if err != nil {
		return err
	}
	pg, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.PostAward().AgencyEvaluations(c.Request().Context(), id, pg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
