package calendar

import (
	"slices"
	"time"
)

// Calendar says whether a Beijing date is a working day (工作日).
type Calendar interface {
	IsWorkingDay(d Date) bool
}

// Day is a date that breaks the Monday-to-Friday pattern: a public holiday
// on a weekday, or a weekend day made a working day (调休).
type Day struct {
	Date    Date   `json:"date"`
	Working bool   `json:"working"`
	Name    string `json:"name"`
	// Source is SourceOfficial (the built-in State Council data) or
	// SourceOverride (an administrator's entry).
	Source string `json:"source"`
}

// Where a day of the calendar comes from.
const (
	SourceOfficial = "official"
	SourceOverride = "override"
)

// Exceptions is the official holiday data: the days of a year that break
// the Monday-to-Friday pattern. A year it does not cover has none, so it
// counts weekends only until an administrator adds overrides.
type Exceptions interface {
	// Exception returns the official entry for d, if there is one.
	Exception(d Date) (Day, bool)
	// Year lists the year's entries in date order.
	Year(year int) []Day
	// Covers reports whether the data includes the year's notice.
	Covers(year int) bool
}

// Merged is the official data with overrides laid over it: an override
// wins over the official entry of its date, which wins over the weekday.
type Merged struct {
	base      Exceptions
	overrides map[Date]Day
}

// New merges overrides over base (nil: weekends only).
func New(base Exceptions, overrides []Day) *Merged {
	m := &Merged{base: base, overrides: make(map[Date]Day, len(overrides))}
	for _, o := range overrides {
		o.Source = SourceOverride
		m.overrides[o.Date] = o
	}
	return m
}

// IsWorkingDay implements Calendar.
func (m *Merged) IsWorkingDay(d Date) bool {
	day, ok := m.Lookup(d)
	if ok {
		return day.Working
	}
	return isWeekday(d)
}

// Lookup returns the entry that decides d, if any (an override first).
func (m *Merged) Lookup(d Date) (Day, bool) {
	if o, ok := m.overrides[d]; ok {
		return o, true
	}
	if m.base != nil {
		if e, ok := m.base.Exception(d); ok {
			e.Source = SourceOfficial
			return e, true
		}
	}
	return Day{}, false
}

// Year lists the year's exceptions after the overrides, in date order.
func (m *Merged) Year(year int) []Day {
	byDate := map[Date]Day{}
	if m.base != nil {
		for _, e := range m.base.Year(year) {
			e.Source = SourceOfficial
			byDate[e.Date] = e
		}
	}
	for d, o := range m.overrides {
		if d.Year == year {
			byDate[d] = o
		}
	}
	out := make([]Day, 0, len(byDate))
	for _, d := range byDate {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Start().Compare(b.Date.Start()) })
	return out
}

// Covers reports whether the official data includes the year.
func (m *Merged) Covers(year int) bool { return m.base != nil && m.base.Covers(year) }

// isWeekday is the default: Monday to Friday work, the weekend does not.
func isWeekday(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}
