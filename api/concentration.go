package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// concentrationQuery reads ?item=&region=&year= (shape only; the domain
// checks ranges).
func concentrationQuery(c echo.Context) (domain.ConcentrationQuery, error) {
	q := domain.ConcentrationQuery{Item: c.QueryParam("item"), Region: c.QueryParam("region")}
	if y := c.QueryParam("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return q, domain.FieldError("year", "year_invalid", "year must be a whole number.")
		}
		q.Year = n
	}
	return q, nil
}

// handleConcentration answers the market concentration monitor, as JSON or
// (?format=csv) CSV; anyone may read it.
func (s *Server) handleConcentration(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return domain.FieldError("format", "format_invalid", "format must be json or csv.")
	}
	q, err := concentrationQuery(c)
	if err != nil {
		return err
	}
	r, err := s.Market.Concentration(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if format == "csv" {
		c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="concentration.csv"`)
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", r.CSV())
	}
	return c.JSON(http.StatusOK, r)
}
