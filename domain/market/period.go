package market

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/calendar"
)

// errPeriodSyntax is what a malformed period or duration setting is told.
var errPeriodSyntax = errors.New("want a positive Go duration such as 72h or 30s")

// errWorkingDaysSyntax is what a malformed lifecycle period is told.
var errWorkingDaysSyntax = errors.New("want working days such as 5wd (1 to " + strconv.Itoa(calendar.MaxWorkingDays) + ") or a positive Go duration such as 72h or 30s")

// workingDaysSuffix marks a period counted in working days (工作日): "5wd".
const workingDaysSuffix = "wd"

// ParsePositiveDuration reads a length of time written in Go syntax
// ("72h", "30s") that must be more than zero: a zero or negative time limit
// would close every window the moment it opens.
func ParsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errPeriodSyntax
	}
	return d, nil
}

// Period is a configured time limit of the lifecycle (bidding window,
// publicity, objection answer, complaint, signing, evaluation): either a
// length of time ("72h", "30s") or a number of working days ("5wd"),
// counted over the official calendar. It is read through
// encoding.TextUnmarshaler, the one place that parses periods.
type Period struct {
	d           time.Duration
	workingDays int
}

// PeriodOf is the period of exactly d.
func PeriodOf(d time.Duration) Period { return Period{d: d} }

// WorkingDays is the period of n working days (工作日).
func WorkingDays(n int) Period { return Period{workingDays: n} }

// Duration is the period's length of time (zero for working days).
func (p Period) Duration() time.Duration { return p.d }

// WorkingDays is the period's number of working days (zero for a duration).
func (p Period) WorkingDays() int { return p.workingDays }

// End is the deadline of the period started at from: from plus the
// duration, or 24:00 Beijing time of the last working day (calendar.AddWorkingDays).
func (p Period) End(cal calendar.Calendar, from time.Time) time.Time {
	if p.workingDays > 0 {
		return calendar.AddWorkingDays(cal, from, p.workingDays)
	}
	return from.Add(p.d)
}

// String writes the period as it is read back.
func (p Period) String() string {
	if p.workingDays > 0 {
		return strconv.Itoa(p.workingDays) + workingDaysSuffix
	}
	return p.d.String()
}

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	s := string(b)
	if digits, ok := strings.CutSuffix(s, workingDaysSuffix); ok {
		n, err := strconv.Atoi(digits)
		if err != nil || n < 1 || n > calendar.MaxWorkingDays || digits != strconv.Itoa(n) {
			return errWorkingDaysSyntax
		}
		*p = WorkingDays(n)
		return nil
	}
	d, err := ParsePositiveDuration(s)
	if err != nil {
		return errWorkingDaysSyntax
	}
	*p = PeriodOf(d)
	return nil
}

// IsZero reports a period that was never set.
func (p Period) IsZero() bool { return p.d == 0 && p.workingDays == 0 }
