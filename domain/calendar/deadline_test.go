package calendar_test

import (
	"testing"
	"time"

	"marketplace/domain/calendar"
)

// at is a Beijing wall-clock time.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, calendar.Beijing)
	if err != nil {
		panic(err)
	}
	return t
}

// A deadline of N working days ends at 24:00 Beijing time of the N-th
// working day after the start day, across the Spring Festival and National
// Day weeks with their 调休 working weekend days.
func TestAddWorkingDays_OfficialCalendar(t *testing.T) {
	cal := calendar.New(notices{}, nil)
	for _, tc := range []struct {
		name string
		from string
		n    int
		want string // the last working day; the deadline is its 24:00
	}{
		{"ordinary week", "2026-03-02 10:00:00", 5, "2026-03-09"},
		{"2025 Spring Festival: Sunday 1-26 counts, the week off does not", "2025-01-24 10:00:00", 5, "2025-02-07"},
		{"2025 Spring Festival: 调休 Saturday 2-8 counts", "2025-02-03 09:00:00", 5, "2025-02-10"},
		{"2025 National Day: Sunday 9-28 counts, 10-1 to 10-8 do not", "2025-09-26 15:00:00", 5, "2025-10-10"},
		{"2025 National Day: the last day is 调休 Saturday 10-11", "2025-10-09 11:00:00", 2, "2025-10-11"},
		{"2026 Spring Festival: Saturday 2-14 counts, 2-15 to 2-23 do not", "2026-02-13 09:00:00", 5, "2026-02-27"},
		{"2026 Spring Festival: 调休 Saturday 2-28, not Sunday 3-1", "2026-02-13 09:00:00", 7, "2026-03-02"},
		{"2026 National Day: Saturday 10-10 counts", "2026-09-30 10:00:00", 5, "2026-10-13"},
		{"2026 Mid-Autumn and National Day: Sunday 9-20 counts", "2026-09-18 17:00:00", 9, "2026-10-08"},
		{"2027 Spring Festival: Sunday 2-14 counts", "2027-02-04 16:00:00", 5, "2027-02-18"},
		{"a start on a holiday counts from the next working day", "2026-10-03 12:00:00", 1, "2026-10-08"},
		{"the start day is not counted, even at 00:00", "2026-03-02 00:00:00", 1, "2026-03-03"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			last, err := calendar.ParseDate(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			got, want := calendar.AddWorkingDays(cal, at(tc.from), tc.n), last.End()
			if !got.Equal(want) {
				t.Errorf("%d working days from %s end %s, want %s", tc.n, tc.from, got.In(calendar.Beijing), want)
			}
		})
	}
}

// The deadline is 24:00 of the last working day, Beijing time: the next
// day's 00:00 +08:00, which is 16:00 UTC of the last day; the start day is
// the Beijing date, not the UTC one.
func TestAddWorkingDays_Ends2400Beijing(t *testing.T) {
	cal := calendar.New(notices{}, nil)
	// Monday 2026-03-02 23:59:59 in Beijing is still Monday: Tuesday is day 1.
	got := calendar.AddWorkingDays(cal, time.Date(2026, 3, 2, 15, 59, 59, 0, time.UTC), 1)
	if want := time.Date(2026, 3, 3, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("from Monday 23:59:59 Beijing: %s, want %s", got.UTC(), want)
	}
	if h, m, s := got.In(calendar.Beijing).Clock(); h != 0 || m != 0 || s != 0 {
		t.Errorf("the deadline is not a Beijing midnight: %s", got.In(calendar.Beijing))
	}
	// One second later it is Tuesday in Beijing (still Monday in UTC): Wednesday is day 1.
	got = calendar.AddWorkingDays(cal, time.Date(2026, 3, 2, 16, 0, 0, 0, time.UTC), 1)
	if want := time.Date(2026, 3, 4, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("from Tuesday 00:00 Beijing: %s, want %s", got.UTC(), want)
	}
}

// Overrides win over the official data and over the weekday pattern.
func TestMerged_Overrides(t *testing.T) {
	closure, _ := calendar.ParseDate("2026-03-04")   // a Wednesday closed locally
	saturday, _ := calendar.ParseDate("2026-03-07")  // a Saturday made a working day
	holidayOn, _ := calendar.ParseDate("2026-10-08") // an official working day closed
	cal := calendar.New(notices{}, []calendar.Day{
		{Date: closure, Working: false, Name: "closure"},
		{Date: saturday, Working: true, Name: "make-up"},
		{Date: holidayOn, Working: false, Name: "closure"},
	})
	for d, want := range map[calendar.Date]bool{closure: false, saturday: true, holidayOn: false} {
		if got := cal.IsWorkingDay(d); got != want {
			t.Errorf("%s working = %v, want %v", d, got, want)
		}
	}
	// Tue 3-3 (1), Wed 3-4 closed, Thu 3-5 (2), Fri 3-6 (3), Sat 3-7 (4), Mon 3-9 (5).
	last, _ := calendar.ParseDate("2026-03-09")
	if got := calendar.AddWorkingDays(cal, at("2026-03-02 10:00:00"), 5); !got.Equal(last.End()) {
		t.Errorf("with overrides: %s, want %s", got.In(calendar.Beijing), last.End())
	}
	days := cal.Year(2026)
	var overrides int
	for i, d := range days {
		if i > 0 && !days[i-1].Date.Before(d.Date) {
			t.Errorf("Year is not in date order at %s", d.Date)
		}
		if d.Source == calendar.SourceOverride {
			overrides++
		}
		if d.Date == holidayOn && (d.Source != calendar.SourceOverride || d.Working) {
			t.Errorf("the override of %s does not replace the official entry: %+v", holidayOn, d)
		}
	}
	if overrides != 3 {
		t.Errorf("Year(2026) lists %d overrides, want 3", overrides)
	}
}

// Without data (nil base) a year counts weekends only.
func TestAddWorkingDays_WeekendsOnly(t *testing.T) {
	got := calendar.AddWorkingDays(calendar.New(nil, nil), at("2026-10-01 10:00:00"), 1)
	last, _ := calendar.ParseDate("2026-10-02")
	if !got.Equal(last.End()) {
		t.Errorf("weekends only: %s, want %s", got.In(calendar.Beijing), last.End())
	}
}

// A live calendar swaps its overrides in whole.
func TestLive_SetOverrides(t *testing.T) {
	live := calendar.NewLive(notices{})
	d, _ := calendar.ParseDate("2026-03-04")
	if !live.IsWorkingDay(d) {
		t.Fatal("an ordinary Wednesday is not a working day")
	}
	live.SetOverrides([]calendar.Day{{Date: d, Working: false, Name: "closure"}})
	if live.IsWorkingDay(d) {
		t.Error("the override did not take")
	}
}
