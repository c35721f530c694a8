package market

import (
	"testing"
	"time"

	"marketplace/domain/calendar"
)

func TestPeriod_UnmarshalText(t *testing.T) {
	var p Period
	if err := p.UnmarshalText([]byte("96h")); err != nil || p.Duration() != 96*time.Hour || p.String() != "96h0m0s" {
		t.Errorf("96h: %v %v", p, err)
	}
	for _, bad := range []string{"", "0s", "-1h", "three days", "72", "0wd", "-5wd", "wd", "5.5wd", "+5wd", "05wd", "501wd", "5 wd", "5WD"} {
		q := PeriodOf(time.Hour)
		if err := q.UnmarshalText([]byte(bad)); err == nil || q.Duration() != time.Hour || q.WorkingDays() != 0 {
			t.Errorf("%q: accepted or changed the period: %v %v", bad, q, err)
		}
	}
}

func TestPeriod_WorkingDays(t *testing.T) {
	var p Period
	if err := p.UnmarshalText([]byte("5wd")); err != nil {
		t.Fatal(err)
	}
	if got, want := p.WorkingDays(), 5; got != want || p.Duration() != 0 {
		t.Errorf("5wd: %d working days, duration %s", got, p.Duration())
	}
	if got, want := p.String(), "5wd"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	// Friday 2026-03-06 10:00 Beijing: Mon 3-9 … Fri 3-13, ends 3-13 24:00.
	from := time.Date(2026, 3, 6, 10, 0, 0, 0, calendar.Beijing)
	if got, want := p.End(calendar.New(nil, nil), from), time.Date(2026, 3, 14, 0, 0, 0, 0, calendar.Beijing); !got.Equal(want) {
		t.Errorf("End = %s, want %s", got, want)
	}
	// A duration is added as before, whatever the calendar.
	if got, want := PeriodOf(30*time.Second).End(calendar.New(nil, nil), from), from.Add(30*time.Second); !got.Equal(want) {
		t.Errorf("duration End = %s, want %s", got, want)
	}
}
