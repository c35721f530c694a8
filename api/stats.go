package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// handleStats answers the public statistics, as JSON or (?format=csv) CSV.
func (s *Server) handleStats(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return domain.FieldError("format", "format_invalid", "format must be json or csv.")
	}
	st, err := s.Market.Publisher().Stats(c.Request().Context())
	if err != nil {
		return err
	}
	if format == "csv" {
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="stats.csv"`)
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", st.CSV())
	}
	return c.JSON(http.StatusOK, st)
}
