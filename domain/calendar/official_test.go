package calendar_test

import "marketplace/domain/calendar"

// noticeDays is the State Council's holiday notices for 2025 to 2027 as
// the tests need them (rest days on weekdays, working weekend days); the
// storage package checks that the built-in data says the same.
var noticeDays = map[string]bool{
	// 2025 Spring Festival: 1-28 to 2-4 off; Sunday 1-26 and Saturday 2-8 work.
	"2025-01-26": true, "2025-01-28": false, "2025-01-29": false, "2025-01-30": false, "2025-01-31": false,
	"2025-02-01": false, "2025-02-02": false, "2025-02-03": false, "2025-02-04": false, "2025-02-08": true,
	// 2025 National Day and Mid-Autumn: 10-1 to 10-8 off; Sunday 9-28 and Saturday 10-11 work.
	"2025-09-28": true, "2025-10-01": false, "2025-10-02": false, "2025-10-03": false, "2025-10-04": false,
	"2025-10-05": false, "2025-10-06": false, "2025-10-07": false, "2025-10-08": false, "2025-10-11": true,
	// 2026 Spring Festival: 2-15 to 2-23 off; Saturdays 2-14 and 2-28 work.
	"2026-02-14": true, "2026-02-15": false, "2026-02-16": false, "2026-02-17": false, "2026-02-18": false,
	"2026-02-19": false, "2026-02-20": false, "2026-02-21": false, "2026-02-22": false, "2026-02-23": false,
	"2026-02-28": true,
	// 2026 Mid-Autumn 9-25 to 9-27, National Day 10-1 to 10-7; Sunday 9-20 and Saturday 10-10 work.
	"2026-09-20": true, "2026-09-25": false, "2026-09-26": false, "2026-09-27": false,
	"2026-10-01": false, "2026-10-02": false, "2026-10-03": false, "2026-10-04": false, "2026-10-05": false,
	"2026-10-06": false, "2026-10-07": false, "2026-10-10": true,
	// 2027 Spring Festival: 2-5 to 2-13 off; Sundays 1-31 and 2-14 work.
	"2027-01-31": true, "2027-02-05": false, "2027-02-06": false, "2027-02-07": false, "2027-02-08": false,
	"2027-02-09": false, "2027-02-10": false, "2027-02-11": false, "2027-02-12": false, "2027-02-13": false,
	"2027-02-14": true,
}

// notices implements calendar.Exceptions over noticeDays.
type notices struct{}

func (notices) Exception(d calendar.Date) (calendar.Day, bool) {
	w, ok := noticeDays[d.String()]
	return calendar.Day{Date: d, Working: w, Name: "notice"}, ok
}

func (notices) Year(year int) []calendar.Day {
	var out []calendar.Day
	for s, w := range noticeDays {
		d, _ := calendar.ParseDate(s)
		if d.Year == year {
			out = append(out, calendar.Day{Date: d, Working: w, Name: "notice"})
		}
	}
	return out
}

func (notices) Covers(year int) bool { return year >= 2025 && year <= 2027 }
