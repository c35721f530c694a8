package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/market"
	"marketplace/storage"
)

// A deadline counted in working days says so on the notice, in the
// reader's language, and ends at 24:00 Beijing time of the last working
// day: publicity of 5 working days starting Thursday 2027-02-04 skips the
// Spring Festival (2-5 to 2-13) and counts Sunday 2-14, a 调休 working day.
func TestPages_DeadlineSaysHowCounted(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	app.Market.Calendar = calendar.NewLive(storage.OfficialHolidays{})
	app.Market.Periods.Publicity = market.WorkingDays(5)
	app.setNow(time.Date(2027, 2, 4, 9, 0, 0, 0, calendar.Beijing))
	_, ent := app.register("enterprise", "春节公示建设有限公司")
	aID, a := app.agency("春节公示甲中介有限公司", "NAT-01")
	p := app.closedProject(ent, nil, bidder{aID, a, "80000.00"})
	app.run("select_results")

	l := app.lifecycle(p.ID)
	if want := time.Date(2027, 2, 19, 0, 0, 0, 0, calendar.Beijing); l.PublicityEndsAt == nil || !l.PublicityEndsAt.Equal(want) {
		t.Fatalf("publicity ends %v, want %s (2027-02-18 24:00)", l.PublicityEndsAt, want)
	}
	notice := fmt.Sprintf("/projects/%d", p.ID)
	b := newBrowser(t, app.testApp)
	_, body := b.get(notice)
	mustContain(t, "notice (zh)", body, "公示结束", "5 个工作日，至 2027年2月18日 24:00")
	_, body = b.get("/results")
	mustContain(t, "results list (zh)", body, "5 个工作日，至 2027年2月18日 24:00")
	_, body = b.get("/lang?to=en&back=" + notice)
	mustContain(t, "notice (en)", body, "5 working days, until 18 Feb 2027 24:00")

	// One second before the end publicity holds; at 24:00 the award job ends it.
	app.setNow(l.PublicityEndsAt.Add(-time.Second))
	app.run("end_publicity")
	if got := app.lifecycle(p.ID).Status; got != market.ProjectPublicity {
		t.Errorf("at 2027-02-18 23:59:59 the project is %s, want still in publicity", got)
	}
	app.setNow(*l.PublicityEndsAt)
	app.run("end_publicity")
	if got := app.lifecycle(p.ID).Status; got != market.ProjectAwarded {
		t.Errorf("at 2027-02-18 24:00 the project is %s, want awarded", got)
	}
}

// The project form says how long bidding must stay open and until when,
// counted in working days from now.
func TestPages_ProjectFormSaysMinimumWindow(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.Calendar = calendar.NewLive(storage.OfficialHolidays{})
	app.Market.Periods.MinBiddingWindow = market.WorkingDays(5)
	app.setNow(time.Date(2027, 2, 4, 9, 0, 0, 0, calendar.Beijing))
	_, ent := app.register("enterprise", "报名期提示建设有限公司")
	b := newBrowser(t, app.testApp)
	b.loginAs(ent)
	_, body := b.get("/workspace/projects/new")
	mustContain(t, "project form", body, "报名期不少于 5 个工作日，至 2027年2月18日 24:00", `href="/calendar"`)
}

// The public calendar lists the year's holidays and 调休 days in the
// reader's language.
func TestPages_CalendarInBothLanguages(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	app.Market.Calendar = calendar.NewLive(storage.OfficialHolidays{})
	b := newBrowser(t, app.testApp)
	_, body := b.get("/calendar?year=2026")
	mustContain(t, "calendar (zh)", body, "工作日历 2026", "2026-02-14", "春节", "上班", "国务院通知", "24:00")
	_, body = b.get("/lang?to=en&back=/calendar?year=2026")
	mustContain(t, "calendar (en)", body, "Working-day calendar 2026", "2026-02-14", "Spring Festival", "Working day", "State Council notice")
	if strings.Contains(body, "春节") {
		t.Error("the English calendar names a holiday in Chinese")
	}
	if code, _ := b.get("/calendar?year=abc"); code != 400 {
		t.Errorf("year=abc: %d, want 400", code)
	}
}
