package domain

import (
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// WorkingCalendar is the calendar periods in working days are counted on
// (weekends only when none was set).
func (m *Marketplace) WorkingCalendar() *calendar.Merged {
	if m.Calendar == nil {
		return calendar.New(nil, nil)
	}
	return m.Calendar.Current()
}

// Deadline is the end of period p started at from, over the working
// calendar: every deadline derived from a configured period goes through
// here, so that working days and overrides apply alike everywhere.
func (m *Marketplace) Deadline(p market.Period, from time.Time) time.Time {
	return p.End(m.WorkingCalendar(), from)
}
