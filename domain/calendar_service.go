package domain

import (
	"context"
	"strings"
	"unicode/utf8"

	"marketplace/domain/calendar"
)

// MaxCalendarReasonRunes bounds the reason an override gives.
const MaxCalendarReasonRunes = 200

// CalendarYear is the public working-day calendar (工作日历) of a year:
// the days that break the Monday-to-Friday pattern, official or overridden.
type CalendarYear struct {
	Year int `json:"year"`
	// Official reports whether the built-in data includes the year's
	// State Council notice; without it only weekends and overrides count.
	Official bool           `json:"official"`
	Days     []calendar.Day `json:"days"`
	// Overrides are the administrators' entries of the year, with who and when.
	Overrides []CalendarOverride `json:"overrides"`
}

// CalendarOverrideInput is an administrator's override of one day.
type CalendarOverrideInput struct {
	Date    string `json:"date"`
	Working *bool  `json:"working"`
	Reason  string `json:"reason"`
}

// GetCalendarYear returns the working-day calendar of year, as the
// marketplace counts it now.
func (m *Marketplace) GetCalendarYear(ctx context.Context, year int) (*CalendarYear, error) {
	if year < MinDateYear || year > MaxDateYear {
		return nil, FieldError("year", "calendar_year", "year must be %d to %d.", MinDateYear, MaxDateYear)
	}
	// Reloading here also brings a replica that did not take the change
	// up to date with its peers.
	all, err := m.loadCalendar(ctx)
	if err != nil {
		return nil, err
	}
	out := &CalendarYear{Year: year, Days: []calendar.Day{}, Overrides: []CalendarOverride{}}
	for _, o := range all {
		if o.Date.Year == year {
			o.Source = calendar.SourceOverride
			out.Overrides = append(out.Overrides, o)
		}
	}
	cal := m.WorkingCalendar()
	out.Official, out.Days = cal.Covers(year), append(out.Days, cal.Year(year)...)
	return out, nil
}

// SetCalendarOverride records an administrator's override of one day (a
// year the official data lacks, a local closure), audited, and makes the
// running marketplace count with it. Deadlines already set do not move.
func (m *Marketplace) SetCalendarOverride(ctx context.Context, actor Actor, in CalendarOverrideInput) (*CalendarOverride, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	o, err := in.validate()
	if err != nil {
		return nil, err
	}
	o.CreatedBy = actor.ID
	err = m.Store.InTx(ctx, func(s Store) error {
		if o.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.SaveCalendarOverride(ctx, o); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "calendar.override_set", "calendar_day", o.Date.String(), o.Day))
	})
	if err != nil {
		return nil, err
	}
	// After the commit, never inside it: the live calendar is memory only.
	// The override is recorded either way; a failed reload is caught up by
	// the next read of the calendar, so it is logged, not returned.
	if err := m.RefreshCalendar(ctx); err != nil {
		m.logger().Error("calendar: reload after an override", "date", o.Date.String(), "err", err)
	}
	return &o, nil
}

// RefreshCalendar loads the overrides into the live calendar (at start,
// after an administrator's change).
func (m *Marketplace) RefreshCalendar(ctx context.Context) error {
	_, err := m.loadCalendar(ctx)
	return err
}

// loadCalendar reads the overrides and lays them over the live calendar.
func (m *Marketplace) loadCalendar(ctx context.Context) ([]CalendarOverride, error) {
	all, err := m.calendarStore().FindCalendarOverrides(ctx)
	if err != nil {
		return nil, err
	}
	days := make([]calendar.Day, len(all))
	for i, o := range all {
		days[i] = o.Day
	}
	if m.Calendar != nil {
		m.Calendar.SetOverrides(days)
	}
	return all, nil
}

func (m *Marketplace) calendarStore() CalendarStore { return m.Store }

// validate checks the input and builds the override.
func (in CalendarOverrideInput) validate() (CalendarOverride, error) {
	d, err := calendar.ParseDate(strings.TrimSpace(in.Date))
	if err != nil {
		return CalendarOverride{}, FieldError("date", "calendar_date", "date must be a date such as 2027-10-08.")
	}
	if d.Year < MinDateYear || d.Year > MaxDateYear {
		return CalendarOverride{}, FieldError("date", "date_out_of_range", "Field %q must be a date in the years %d to %d.", "date", MinDateYear, MaxDateYear)
	}
	if in.Working == nil {
		return CalendarOverride{}, FieldError("working", "calendar_working", "working must be true (a working day) or false (a day off).")
	}
	reason := strings.TrimSpace(in.Reason)
	if err := CheckText("reason", reason); err != nil {
		return CalendarOverride{}, err
	}
	if n := utf8.RuneCountInString(reason); n == 0 || n > MaxCalendarReasonRunes {
		return CalendarOverride{}, FieldError("reason", "calendar_reason", "reason must be 1 to %d characters.", MaxCalendarReasonRunes)
	}
	return CalendarOverride{Day: calendar.Day{Date: d, Working: *in.Working, Name: reason, Source: calendar.SourceOverride}}, nil
}
