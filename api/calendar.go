package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/calendar"
)

// calendarOverrideRequest is the body of POST /calendar/overrides.
type calendarOverrideRequest struct {
	Date    string `json:"date"`
	Working *bool  `json:"working"`
	Reason  string `json:"reason"`
}

func (s *Server) handleCalendarGet(c echo.Context) error {
	ctx := c.Request().Context()
	year, err := CalendarYearParam(ctx, s.Market, c.QueryParam("year"))
	if err != nil {
		return err
	}
	out, err := s.Market.CalendarAdmin().Year(ctx, year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) handleCalendarOverrideSet(c echo.Context) error {
	var req calendarOverrideRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Market.CalendarAdmin().SetOverride(c.Request().Context(), ActorOf(c),
		calendar.OverrideInput{Date: req.Date, Working: req.Working, Reason: req.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// calendarYearParam reads ?year=; empty is this year in Beijing, by the
// platform clock.
// CalendarYearParam reads the year of the working-day calendar to show:
// the platform clock's year when none is given.
func CalendarYearParam(ctx context.Context, mp *domain.Marketplace, v string) (int, error) {
	if v == "" {
		now, err := mp.Now(ctx)
		if err != nil {
			return 0, err
		}
		return calendar.DateOf(now).Year, nil
	}
	year, err := strconv.Atoi(v)
	if err != nil || year < domain.MinDateYear || year > domain.MaxDateYear {
		return 0, domain.FieldError("year", "calendar_year", "year must be %d to %d.", domain.MinDateYear, domain.MaxDateYear)
	}
	return year, nil
}
