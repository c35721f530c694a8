package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/market"
	"marketplace/storage"
)

type calendarYearJSON struct {
	Year      int
	Official  bool
	Days      []calendar.Day
	Overrides []struct {
		calendar.Day
		CreatedBy int64 `json:"created_by"`
	}
}

func (a *biddingApp) calendarYear(year int) calendarYearJSON {
	a.t.Helper()
	r := a.do("GET", fmt.Sprintf("/api/v1/calendar?year=%d", year), "", nil)
	if r.Status != http.StatusOK {
		a.t.Fatalf("calendar %d: %d %s", year, r.Status, r.Body)
	}
	var y calendarYearJSON
	r.decode(a.t, &y)
	return y
}

// newCalendarApp counts the bidding window in working days over the
// built-in official calendar, on a Monday of an ordinary week.
func newCalendarApp(t *testing.T) *biddingApp {
	app := newBiddingApp(t)
	app.Market.Calendar = calendar.NewLive(storage.OfficialHolidays{})
	app.Market.Periods.MinBiddingWindow = market.WorkingDays(2)
	app.setNow(time.Date(2027, 3, 1, 10, 0, 0, 0, calendar.Beijing)) // Monday
	return app
}

// The calendar is public, shows the official holidays and 调休 days, and
// is changed by administrators only, audited; an override moves the
// deadlines computed after it.
func TestCalendar_Overrides(t *testing.T) {
	t.Parallel()
	app := newCalendarApp(t)
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	_, ent := app.register("enterprise", "某某建设有限公司")
	app.agency("甲环评", "NAT-01")

	y := app.calendarYear(2026)
	found := false
	for _, d := range y.Days {
		if d.Date.String() == "2026-02-14" {
			found = d.Working && d.Source == calendar.SourceOfficial
		}
	}
	if !y.Official || !found {
		t.Errorf("2026: official=%v, 调休 Saturday 2026-02-14 listed as an official working day: %v", y.Official, found)
	}

	closure := map[string]any{"date": "2027-03-02", "working": false, "reason": "本地停电闭馆"}
	if r := app.do("POST", "/api/v1/calendar/overrides", "", closure); r.Status != http.StatusUnauthorized {
		t.Errorf("anonymous: %d %s", r.Status, r.Body)
	}
	if r := app.do("POST", "/api/v1/calendar/overrides", ent, closure); r.Status != http.StatusForbidden {
		t.Errorf("enterprise: %d %s", r.Status, r.Body)
	}
	for _, bad := range []struct {
		body map[string]any
		code string
	}{
		{map[string]any{"date": "2027-13-01", "working": false, "reason": "x"}, "calendar_date"},
		{map[string]any{"date": "1800-01-01", "working": false, "reason": "x"}, "date_out_of_range"},
		{map[string]any{"date": "2027-03-02", "reason": "x"}, "calendar_working"},
		{map[string]any{"date": "2027-03-02", "working": false, "reason": "  "}, "calendar_reason"},
	} {
		if r := app.do("POST", "/api/v1/calendar/overrides", admin, bad.body); r.Status != http.StatusBadRequest || r.errorCode(t) != bad.code {
			t.Errorf("%v: %d %s, want 400 %s", bad.body, r.Status, r.Body, bad.code)
		}
	}
	if r := app.do("GET", "/api/v1/calendar?year=abc", "", nil); r.Status != http.StatusBadRequest || r.errorCode(t) != "calendar_year" {
		t.Errorf("year=abc: %d %s", r.Status, r.Body)
	}
	if n := app.count("SELECT count(*) FROM calendar_overrides"); n != 0 {
		t.Fatalf("refused requests stored %d overrides", n)
	}

	// Two working days from Monday 3-1 end Wednesday 3-3 24:00: a close at
	// Thursday 00:00 is just long enough.
	closes := time.Date(2027, 3, 4, 0, 0, 0, 0, calendar.Beijing).Format(time.RFC3339)
	app.publishedProject(ent, map[string]any{"bidding_closes_at": closes})

	if r := app.do("POST", "/api/v1/calendar/overrides", admin, closure); r.Status != http.StatusOK {
		t.Fatalf("set override: %d %s", r.Status, r.Body)
	}
	if n := app.count("SELECT count(*) FROM audit_log WHERE action = 'calendar.override_set' AND subject_id = '2027-03-02'"); n != 1 {
		t.Errorf("%d audit rows for the override, want 1", n)
	}
	// Tuesday is closed now: the window runs to Thursday 24:00.
	r := app.do("POST", "/api/v1/projects", ent, app.projectBody(map[string]any{"bidding_closes_at": closes}))
	var p projectJSON
	r.decode(t, &p)
	if r = app.do("POST", fmt.Sprintf("/api/v1/projects/%d/publish", p.ID), ent, nil); r.Status != http.StatusBadRequest || r.errorCode(t) != "bidding_window_too_short" {
		t.Errorf("publish after the closure: %d %s, want 400 bidding_window_too_short", r.Status, r.Body)
	}

	y = app.calendarYear(2027)
	if len(y.Overrides) != 1 || y.Overrides[0].Date.String() != "2027-03-02" || y.Overrides[0].Working || y.Overrides[0].Name != "本地停电闭馆" {
		t.Errorf("overrides of 2027: %+v", y.Overrides)
	}
	listed := false
	for _, d := range y.Days {
		listed = listed || (d.Date.String() == "2027-03-02" && d.Source == calendar.SourceOverride && !d.Working)
	}
	if !listed {
		t.Errorf("the override is not among the days of 2027: %+v", y.Days)
	}
	page := app.do("GET", "/calendar?year=2027", "", nil)
	if page.Status != http.StatusOK || !hasAll(string(page.Body), "工作日历", "2027-03-02", "本地停电闭馆") {
		t.Errorf("the public page does not show the override: %d %.300s", page.Status, page.Body)
	}
}

func hasAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
