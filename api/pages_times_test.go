package api_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"marketplace/domain"
)

// Every time a user reads is Beijing time; risk evidence and the auction
// history, where order within a minute matters, show seconds.
func TestPages_TimesAreBeijingWithSeconds(t *testing.T) {
	t.Parallel()
	app, _, _, _, _ := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	d := newBrowser(t, app.testApp).loggedIn(dept)
	var flagID int64
	var want []string
	if err := app.DB.SQL().QueryRow("SELECT min(id) FROM risk_flags").Scan(&flagID); err != nil {
		t.Fatal(err)
	}
	rows, err := app.DB.SQL().Query(`SELECT to_char(at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') FROM bid_evidence`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		want = append(want, s)
	}
	rows.Close()
	doc := d.doc(fmt.Sprintf("/supervision/risks/%d", flagID), 200)
	cells := doc.Find("table.list tbody tr td:last-child")
	if cells.Length() == 0 {
		t.Fatal("no evidence rows")
	}
	cells.Each(func(_ int, s *goquery.Selection) {
		found := false
		for _, w := range want {
			found = found || text(s) == w
		}
		if !found {
			t.Errorf("evidence time %q is not a Beijing time of %v", text(s), want)
		}
	})

	t.Run("auction history", func(t *testing.T) {
		_, owner := app.register("enterprise", "竞价时间测试企业有限公司")
		_, ag := app.agency("竞价时间测试中介有限公司", "NAT-01")
		p := app.publishedProject(owner, auctionBody(nil))
		if r := auctionBid(app, p.ID, ag, "990.00"); r.Status != 201 && r.Status != 200 {
			t.Fatalf("bid: %d %s", r.Status, r.Body)
		}
		doc := newBrowser(t, app.testApp).doc(fmt.Sprintf("/projects/%d/auction", p.ID), 200)
		at := text(doc.Find("#history tr td:last-child"))
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`).MatchString(at) {
			t.Errorf("auction history time %q has no seconds", at)
		}
	})
}
