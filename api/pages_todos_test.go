package api_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An agency's own to-do items stay on its workspace however many projects
// other agencies have been awarded since: the list once read the platform's
// 50 newest awarded projects and kept the agency's among them.
func TestPages_AgencyTodosKeepOwnItems(t *testing.T) {
	t.Parallel()
	app := newLifeApp(t)
	_, ent := app.register("enterprise", "待办测试企业有限公司")
	mineID, mine := app.agency("待办测试甲中介有限公司", "NAT-01")
	otherID, other := app.agency("待办测试乙中介有限公司", "NAT-01")
	bid := func(p projectJSON, token string) {
		t.Helper()
		if r := app.do("PUT", bidPath(p.ID), token, map[string]any{"price": "80000.00", "proposal": "技术方案"}); r.Status != 200 && r.Status != 201 {
			t.Fatalf("bid on %d: %d %s", p.ID, r.Status, r.Body)
		}
	}
	own := app.publishedProject(ent, map[string]any{"title": "本机构中选的环评项目"})
	bid(own, mine)
	const newer = 55 // more than the 50 the list used to read
	for i := 0; i < newer; i++ {
		bid(app.publishedProject(ent, map[string]any{"title": fmt.Sprintf("他人中选的环评项目%02d", i)}), other)
	}
	app.setNow(own.ClosesAt.Add(time.Second))
	app.run("close_bidding")
	app.run("select_results")
	app.advance(testPublicity + time.Second)
	app.run("end_publicity")
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM projects WHERE status = 'awarded' AND awarded_agency_id = %d", otherID)); n != newer {
		t.Fatalf("%d projects awarded to the other agency, want %d", n, newer)
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM projects WHERE status = 'awarded' AND awarded_agency_id = %d", mineID)); n != 1 {
		t.Fatalf("%d projects awarded to the agency, want 1", n)
	}

	b := newBrowser(t, app.testApp)
	b.loginAs(mine)
	_, body := b.get("/workspace")
	mustContain(t, "the agency's 待办", body, "本机构中选的环评项目", "签订合同")
	if strings.Contains(body, "他人中选的环评项目") {
		t.Error("another agency's award is on the agency's 待办")
	}
}
