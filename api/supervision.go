package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

var riskFilterParams = map[string]bool{"indicator": true, "project_id": true, "agency_id": true, "owner_id": true,
	"from": true, "to": true, "page": true, "per_page": true}

// RiskFilter reads GET /supervision/risks' query; an unknown parameter is
// refused rather than ignored, so a misspelt filter never widens a list.
func RiskFilter(c echo.Context) (supervision.RiskFilter, error) {
	var f supervision.RiskFilter
	for k := range c.QueryParams() {
		if !riskFilterParams[k] {
			return f, domain.FieldError(k, "unknown_filter", "Unknown filter %q: use indicator, project_id, agency_id, owner_id, from, to, page, per_page.", k)
		}
	}
	p, err := PageParams(c)
	if err != nil {
		return f, err
	}
	f.Page, f.Indicator = p, c.QueryParam("indicator")
	for name, dst := range map[string]*int64{"project_id": &f.ProjectID, "agency_id": &f.AgencyID, "owner_id": &f.OwnerID} {
		if v := c.QueryParam(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, domain.FieldError(name, "id_format", "%s must be a positive whole number.", name)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]**time.Time{"from": &f.From, "to": &f.To} {
		if v := c.QueryParam(name); v != "" {
			t, err := parseDateParam(v)
			if err != nil {
				return f, domain.FieldError(name, "date_format", "%s must be a date (2026-01-31) or an RFC 3339 time.", name)
			}
			if err := domain.CheckDateRange(name, t); err != nil {
				return f, err
			}
			*dst = &t
		}
	}
	return f, nil
}

func parseDateParam(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", v)
}

func (s *Server) handleRiskList(c echo.Context) error {
	f, err := RiskFilter(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Supervision().ListRisks(c.Request().Context(), ActorOf(c), f)
	if err != nil {
		return err
	}
	if err := s.nameRiskFlags(c.Request().Context(), list.Items); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleRiskGet(c echo.Context) error {
	id, err := PathID(c)
	if err != nil {
		return err
	}
	d, err := s.Market.Supervision().GetRisk(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	if err := s.nameRiskFlags(c.Request().Context(), []*supervision.RiskFlag{d.Flag}); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

type caseOpenRequest struct {
	Note string `json:"note"`
}

func (s *Server) handleRiskCaseOpen(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req caseOpenRequest) (*supervision.RiskCase, error) {
		return s.Market.Supervision().OpenRiskCase(ctx, a, id, req.Note)
	})
}

func (s *Server) handleRiskCaseGet(c echo.Context) error {
	return onPath(c, PathID, http.StatusOK, s.Market.Supervision().GetRiskCase)
}

type caseNoteRequest struct {
	Body string `json:"body" validate:"required"`
}

func (s *Server) handleRiskCaseNote(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req caseNoteRequest) (*supervision.RiskCaseNote, error) {
		return s.Market.Supervision().AddRiskCaseNote(ctx, a, id, req.Body)
	})
}

type caseCloseRequest struct {
	Reason string `json:"reason" validate:"required"`
}

func (s *Server) handleRiskCaseClose(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req caseCloseRequest) (*supervision.RiskCase, error) {
		return s.Market.Supervision().CloseRiskCaseUnfounded(ctx, a, id, req.Reason)
	})
}

type caseConvertRequest struct {
	AgencyID int64           `json:"agency_id" validate:"required"`
	Kind     string          `json:"kind"`
	Severity credit.Severity `json:"severity"`
	Reason   string          `json:"reason"`
}

type caseConvertResponse struct {
	Case      *supervision.RiskCase `json:"case"`
	Violation *credit.Violation     `json:"violation"`
}

func (s *Server) handleRiskCaseConvert(c echo.Context) error {
	id, err := PathID(c)
	if err != nil {
		return err
	}
	var req caseConvertRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	cs, v, err := s.Market.ConvertRiskCase(c.Request().Context(), ActorOf(c), id,
		domain.ConvertInput{AgencyID: req.AgencyID, Kind: req.Kind, Severity: req.Severity, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, caseConvertResponse{Case: cs, Violation: v})
}
