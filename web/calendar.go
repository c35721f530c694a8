package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// calendarView is the public working-day calendar (工作日历) of a year.
type calendarView struct {
	*calendar.YearView
	Prev, Next int
}

func (p *Portal) handleCalendarPage(c echo.Context) error {
	ctx := c.Request().Context()
	year, err := api.CalendarYearParam(ctx, p.market, c.QueryParam("year"))
	if err != nil {
		return err
	}
	y, err := p.market.CalendarAdmin().Year(ctx, year)
	if err != nil {
		return err
	}
	v := p.newPage(c, "calendar", "calendar.title")
	v.Body = calendarView{YearView: y, Prev: max(year-1, domain.MinDateYear), Next: min(year+1, domain.MaxDateYear)}
	return p.render(c, http.StatusOK, "calendar", v)
}

// Weekday names a calendar date's day of the week in the reader's language.
func (v *page) Weekday(d calendar.Date) string {
	return v.T("calendar.weekday_" + d.Weekday().String())
}

// HolidayName is an official holiday's name in the reader's language (the
// built-in data names them in Chinese); an override shows its reason as
// the administrator wrote it.
func (v *page) HolidayName(d calendar.Day) string {
	if d.Source != calendar.SourceOfficial {
		return d.Name
	}
	id := "calendar.holiday_" + d.Name
	if s := v.T(id); s != id {
		return s
	}
	return d.Name
}

// Counted says how a deadline derived from a period was counted, in the
// reader's language: 「5 个工作日，至 2027年2月18日 24:00」, or for a length
// of time 「72 小时，至 2026-11-25 14:30」. end is a time.Time or *time.Time.
func (v *page) Counted(p market.Period, end any) string {
	var t time.Time
	switch e := end.(type) {
	case time.Time:
		t = e
	case *time.Time:
		if e == nil {
			return "—"
		}
		t = *e
	default:
		return "—"
	}
	if n := p.WorkingDays(); n > 0 {
		// The deadline is 24:00 of the last working day, i.e. the next
		// day's 00:00: name the last working day itself.
		last := calendar.DateOf(t.Add(-time.Nanosecond))
		return v.TM("calendar.counted_working_days", "N", n, "Date", v.longDate(last))
	}
	return v.TM("calendar.counted_duration", "Length", v.length(p.Duration()), "Time", clock(t))
}

// PeriodText says a period as configured: 「5 个工作日」 or 「72 小时」.
func (v *page) PeriodText(p market.Period) string {
	if n := p.WorkingDays(); n > 0 {
		return v.TM("calendar.working_days", "N", n)
	}
	return v.length(p.Duration())
}

// longDate writes a date the way notices do (2027年2月18日, 18 Feb 2027).
func (v *page) longDate(d calendar.Date) string {
	return v.TM("calendar.long_date", "Year", d.Year, "Month", int(d.Month), "Day", d.Day, "MonthName", d.Month.String()[:3])
}

// length writes a period's duration in the largest unit that divides it.
func (v *page) length(d time.Duration) string {
	for _, u := range []struct {
		id   string
		size time.Duration
	}{{"calendar.unit_days", 24 * time.Hour}, {"calendar.unit_hours", time.Hour}, {"calendar.unit_minutes", time.Minute}} {
		if d >= u.size && d%u.size == 0 {
			return v.TM(u.id, "N", int64(d/u.size))
		}
	}
	return v.TM("calendar.unit_seconds", "N", int64(d/time.Second))
}
