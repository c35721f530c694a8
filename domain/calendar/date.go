// Package calendar is the official working-day calendar (工作日历) on which
// Chinese rules count their periods: which Beijing dates are working days,
// and when a period of N working days ends. It is pure logic; the holiday
// data of a year (weekends swapped by the State Council's notice, public
// holidays) comes in through Exceptions, implemented outside the domain.
package calendar

import (
	"fmt"
	"time"
)

// Beijing is China Standard Time. A fixed +08:00 zone rather than
// time.LoadLocation("Asia/Shanghai"): China has kept no daylight saving
// since 1991, and the fixed zone needs no tzdata on the server.
var Beijing = time.FixedZone("CST", 8*60*60)

// dateLayout is how a date is written in settings, URLs and JSON.
const dateLayout = "2006-01-02"

// Date is a civil date in Beijing, the unit the calendar speaks of.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the Beijing date of the instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Beijing).Date()
	return Date{y, m, d}
}

// ParseDate reads a date written 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(dateLayout, s, Beijing)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: want a date such as 2027-02-18: %w", err)
	}
	return DateOf(t), nil
}

// Start is 00:00 of the date in Beijing.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Beijing) }

// End is 24:00 of the date in Beijing, i.e. 00:00 of the next day: a
// deadline "on" a day runs to the end of it.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// AddDays is the date n calendar days later (earlier for n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.Start().AddDate(0, 0, n)) }

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool { return d.Start().Before(e.Start()) }

// String writes the date as 2006-01-02.
func (d Date) String() string { return d.Start().Format(dateLayout) }

// MarshalText implements encoding.TextMarshaler (JSON "2027-02-18").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
