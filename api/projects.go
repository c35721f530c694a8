package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

// ProjectID reads the :id path parameter; anything but a positive integer
// names no project.
func ProjectID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, market.ErrProjectNotFound
	}
	return id, nil
}

// ProjectDocIDs reads a project's id and one of its documents' (doc_id)
// from the path; notFound answers a malformed document id.
func ProjectDocIDs(c echo.Context, notFound *domain.Error) (project, doc int64, err error) {
	if project, err = ProjectID(c); err != nil {
		return 0, 0, err
	}
	doc, err = IDParam(c, "doc_id", notFound)
	return project, doc, err
}

type projectRequest struct {
	Title           string          `json:"title" validate:"required"`
	Description     string          `json:"description"`
	ItemCode        string          `json:"item_code" validate:"required"`
	Region          string          `json:"region"`
	Funding         string          `json:"funding"`
	BudgetCode      string          `json:"budget_code"`
	CeilingPrice    *domain.Money   `json:"ceiling_price"`
	Method          string          `json:"method" validate:"required"`
	BiddingClosesAt *time.Time      `json:"bidding_closes_at" validate:"required"`
	ServiceDays     int             `json:"service_days" validate:"required"`
	MinBids         *int            `json:"min_bids"`
	Weights         *market.Weights `json:"weights"`
	MinStep         *domain.Money   `json:"min_step"`
	Avoid           []avoidEntry    `json:"avoid"`
	// InvestmentProjectCode: the shape is checked by the domain (investment_code.go).
	InvestmentProjectCode string `json:"investment_project_code"`
	// Contact is the purchaser's contact published on the notice.
	Contact *market.ProjectContact `json:"contact"`
}

func (s *Server) handleProjectCreate(c echo.Context) error {
	var req projectRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := s.Market.Projects().Create(c.Request().Context(), ActorOf(c), market.ProjectInput{
		Title: req.Title, Description: req.Description, ItemCode: req.ItemCode, Region: req.Region, Funding: req.Funding,
		BudgetCode: req.BudgetCode, CeilingPrice: req.CeilingPrice, Method: req.Method, BiddingClosesAt: *req.BiddingClosesAt,
		ServiceDays: req.ServiceDays, MinBids: req.MinBids, Weights: req.Weights, MinStep: req.MinStep, Avoid: avoidInput(req.Avoid),
		InvestmentProjectCode: req.InvestmentProjectCode, Contact: req.Contact,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) handleProjectList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	f := market.ProjectFilter{Status: c.QueryParam("status"), ItemCode: c.QueryParam("item"), Region: c.QueryParam("region"),
		Funding: c.QueryParam("funding"), Method: c.QueryParam("method"), Sort: c.QueryParam("sort"), Page: p}
	if o := c.QueryParam("owner"); o != "" {
		if f.OwnerID, err = strconv.ParseInt(o, 10, 64); err != nil || f.OwnerID <= 0 {
			return domain.FieldError("owner", "owner_format", "owner must be an account id.")
		}
	}
	list, err := s.Market.Projects().List(c.Request().Context(), ActorOf(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleProjectGet(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Projects().Get)
}

func (s *Server) handleProjectPublish(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Projects().Publish)
}

type cancelRequest struct {
	Reason string `json:"reason" validate:"required"`
}

func (s *Server) handleProjectCancel(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req cancelRequest) (*market.Project, error) {
		return s.Market.Projects().Cancel(ctx, a, id, req.Reason)
	})
}

type repostRequest struct {
	BiddingClosesAt *time.Time `json:"bidding_closes_at" validate:"required"`
}

func (s *Server) handleProjectRepost(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req repostRequest) (*market.Project, error) {
		return s.Market.Projects().Repost(ctx, a, id, *req.BiddingClosesAt)
	})
}
