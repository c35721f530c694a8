package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/domain/opendata"
)

// PathID reads the :id path parameter as a positive integer.
func PathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "not_found", "No resource with id %q.", c.Param("id"))
	}
	return id, nil
}

// handleCreditRules publishes the credit model (public).
func (s *Server) handleCreditRules(c echo.Context) error {
	return c.JSON(http.StatusOK, credit.PublishedRules())
}

// handleAgencyCredit is public; evidence only for departments, admins and
// the agency itself.
func (s *Server) handleAgencyCredit(c echo.Context) error {
	return onPath(c, PathID, http.StatusOK, s.Market.Credit().AgencyCredit)
}

// handleSanctionList lists the blacklist or current suspensions (public).
func (s *Server) handleSanctionList(status string) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := PageParams(c)
		if err != nil {
			return err
		}
		list, err := s.Market.Credit().ListSanctions(c.Request().Context(), status, p)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list)
	}
}

// handleCreditMonitor is the departments' monitor; ?format=csv exports one
// line per agency.
func (s *Server) handleCreditMonitor(c echo.Context) error {
	f := credit.MonitorFilter{ItemCode: c.QueryParam("item_code"), Region: c.QueryParam("region")}
	switch c.QueryParam("format") {
	case "", "json":
		out, err := s.Market.Credit().Monitor(c.Request().Context(), ActorOf(c), f)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, out)
	case "csv":
		rows, err := s.Market.Credit().ExportRows(c.Request().Context(), ActorOf(c), f)
		if err != nil {
			return err
		}
		return writeCreditCSV(c, rows)
	}
	return domain.FieldError("format", "format", "format must be json or csv.")
}

func writeCreditCSV(c echo.Context, rows []*credit.Row) error {
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	h.Set(echo.HeaderContentDisposition, `attachment; filename="credit-monitor.csv"`)
	c.Response().WriteHeader(http.StatusOK)
	w := opendata.NewCSVWriter(c.Response())
	_ = w.Write([]string{"agency_id", "name", "region", "score", "grade", "status", "suspended_until", "drop_30d", "drop_90d"})
	for _, r := range rows {
		until := ""
		if r.SuspendedUntil != nil {
			until = r.SuspendedUntil.UTC().Format(time.RFC3339)
		}
		_ = w.Write([]string{strconv.FormatInt(r.AgencyID, 10), r.Name, r.Region, strconv.Itoa(r.Score), r.Grade, r.Status,
			until, strconv.Itoa(r.Drop30), strconv.Itoa(r.Drop90)})
	}
	w.Flush()
	return w.Error()
}

type appealRequest struct {
	Reason string `json:"reason" validate:"required"`
}

// handleCreditAppeal lets an agency appeal one of its own deductions, once.
func (s *Server) handleCreditAppeal(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusCreated, func(ctx context.Context, a domain.Actor, id int64, req appealRequest) (*credit.Appeal, error) {
		return s.Market.Credit().AppealEvent(ctx, a, id, req.Reason)
	})
}

type appealDecisionRequest struct {
	Upheld *bool  `json:"upheld" validate:"required"`
	Reason string `json:"reason" validate:"required"`
}

// handleAppealDecision is an admin's decision on an appeal.
func (s *Server) handleAppealDecision(c echo.Context) error {
	return onPathBody(c, PathID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req appealDecisionRequest) (*credit.Appeal, error) {
		return s.Market.Credit().DecideAppeal(ctx, a, id, *req.Upheld, req.Reason)
	})
}
