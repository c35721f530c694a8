package storage_test

import (
	"testing"

	"marketplace/domain/calendar"
	"marketplace/storage"
)

// The built-in data says what the State Council notices say, including the
// 调休 weekend days that are working days.
func TestOfficialHolidays_Notices(t *testing.T) {
	t.Parallel()
	var h storage.OfficialHolidays
	for date, working := range map[string]bool{
		"2025-01-26": true, "2025-01-28": false, "2025-02-04": false, "2025-02-08": true,
		"2025-09-28": true, "2025-10-01": false, "2025-10-08": false, "2025-10-11": true,
		"2026-02-14": true, "2026-02-15": false, "2026-02-23": false, "2026-02-28": true,
		"2026-09-20": true, "2026-09-25": false, "2026-10-07": false, "2026-10-10": true,
		"2027-02-05": false, "2027-02-13": false, "2027-02-14": true,
	} {
		d, err := calendar.ParseDate(date)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := h.Exception(d)
		if !ok || got.Working != working || got.Name == "" {
			t.Errorf("%s: %+v (listed %v), want working=%v", date, got, ok, working)
		}
	}
	// An ordinary Wednesday is no exception.
	if d, _ := calendar.ParseDate("2026-03-04"); func() bool { _, ok := h.Exception(d); return ok }() {
		t.Error("2026-03-04 listed as an exception")
	}
	for _, y := range []int{2025, 2026, 2027} {
		if !h.Covers(y) || len(h.Year(y)) == 0 {
			t.Errorf("the built-in data does not cover %d", y)
		}
	}
	// Across the 2026 Spring Festival, counted on the built-in data.
	got := calendar.AddWorkingDays(calendar.New(h, nil), mustDate(t, "2026-02-13").Start().Add(9*3600e9), 7)
	if want := mustDate(t, "2026-03-02").End(); !got.Equal(want) {
		t.Errorf("7 working days from 2026-02-13 end %s, want %s", got, want)
	}
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
