package storage

import (
	"container/list"

	"github.com/6tail/lunar-go/HolidayUtil"

	"marketplace/domain/calendar"
)

// OfficialHolidays is the built-in working-day data: the State Council's
// yearly holiday notices (public holidays and 调休 working days) as
// github.com/6tail/lunar-go's HolidayUtil carries them. It implements
// calendar.Exceptions; a year the library lacks has no entries, and
// administrators add its days as overrides.
type OfficialHolidays struct{}

// Exception implements calendar.Exceptions.
func (OfficialHolidays) Exception(d calendar.Date) (calendar.Day, bool) {
	h := HolidayUtil.GetHolidayByYmd(d.Year, int(d.Month), d.Day)
	if h == nil {
		return calendar.Day{}, false
	}
	return calendar.Day{Date: d, Working: h.IsWork(), Name: h.GetName(), Source: calendar.SourceOfficial}, true
}

// Year implements calendar.Exceptions.
func (OfficialHolidays) Year(year int) []calendar.Day {
	return holidayDays(HolidayUtil.GetHolidaysByYear(year))
}

// Covers implements calendar.Exceptions: the data has the year's notice
// when it lists any day of it.
func (OfficialHolidays) Covers(year int) bool {
	return HolidayUtil.GetHolidaysByYear(year).Len() > 0
}

func holidayDays(l *list.List) []calendar.Day {
	out := make([]calendar.Day, 0, l.Len())
	for e := l.Front(); e != nil; e = e.Next() {
		h, ok := e.Value.(*HolidayUtil.Holiday)
		if !ok {
			continue
		}
		d, err := calendar.ParseDate(h.GetDay())
		if err != nil {
			continue
		}
		out = append(out, calendar.Day{Date: d, Working: h.IsWork(), Name: h.GetName(), Source: calendar.SourceOfficial})
	}
	return out
}
