package api_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"marketplace/domain/credit"
)

// doc fetches a page as a 200 and parses it.
func (b *browser) doc(path string, status int) *goquery.Document {
	b.t.Helper()
	code, body := b.get(path)
	if code != status {
		b.t.Fatalf("%s: %d, want %d\n%.400s", path, code, status, body)
	}
	d, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		b.t.Fatal(err)
	}
	return d
}

func text(s *goquery.Selection) string { return strings.TrimSpace(s.Text()) }

// TestPages_ChineseWording checks the Chinese words users read for statuses,
// to-dos, grades, units and the error page (issue #22 §6).
func TestPages_ChineseWording(t *testing.T) {
	t.Parallel()
	f := newPortalFixture(t)
	app := f.app
	b := newBrowser(t, app.testApp)

	t.Run("a live reverse auction reads 竞价中, not 报名中", func(t *testing.T) {
		d := b.doc(fmt.Sprintf("/projects/%d/auction", f.auction.ID), 200)
		if got := text(d.Find("#auction-status")); got != "竞价中" {
			t.Errorf("auction status %q", got)
		}
		d = b.doc(fmt.Sprintf("/projects/%d", f.auction.ID), 200)
		if got := text(d.Find(".notice .meta .tag").First()); got != "竞价中" {
			t.Errorf("auction notice status %q", got)
		}
		d = b.doc(fmt.Sprintf("/projects/%d", f.project.ID), 200)
		if got := text(d.Find(".notice .meta .tag").First()); got != "报名中" {
			t.Errorf("sealed-bid notice status %q", got)
		}
	})
	t.Run("numeric fields show their unit", func(t *testing.T) {
		ab := newBrowser(t, app.testApp)
		ab.loginAs(f.agency2)
		d := ab.doc(fmt.Sprintf("/projects/%d", f.project.ID), 200)
		if got := text(d.Find(`label[for="price"]`)); !strings.Contains(got, "元") {
			t.Errorf("bid price label %q has no unit", got)
		}
		if got := text(d.Find(`label[for="service_days"]`)); !strings.Contains(got, "天") {
			t.Errorf("bid days label %q has no unit", got)
		}
		ob := newBrowser(t, app.testApp)
		ob.loginAs(f.owner)
		d = ob.doc("/workspace/projects/new", 200)
		for id, unit := range map[string]string{"ceiling_price": "元", "min_step": "元", "service_days": "天"} {
			if got := text(d.Find(`label[for="` + id + `"]`)); !strings.Contains(got, unit) {
				t.Errorf("form label %s %q lacks %s", id, got, unit)
			}
		}
		t.Run("the project form's sections are numbered consecutively", func(t *testing.T) {
			d.Find("fieldset > legend").Each(func(i int, s *goquery.Selection) {
				if want := fmt.Sprintf("%d. ", i+1); !strings.HasPrefix(text(s), want) {
					t.Errorf("section %d is %q", i+1, text(s))
				}
			})
		})
		_, body := ob.get("/workspace")
		mustContain(t, "owner's to-do while bidding", body, "等待报价截止")
	})
	t.Run("grade D is below grade C's threshold", func(t *testing.T) {
		d := b.doc("/credit", 200)
		li := d.Find("li").FilterFunction(func(_ int, s *goquery.Selection) bool { return s.Find(".grade-D").Length() > 0 })
		if want := fmt.Sprintf("%d 分以下", credit.GradeCMin); !strings.Contains(text(li), want) {
			t.Errorf("grade D reads %q, want %q", text(li), want)
		}
	})
	t.Run("delivered reads 已交付（待验收）", func(t *testing.T) {
		storagetestExec(t, app.testApp, fmt.Sprintf(`UPDATE projects SET status = 'delivered' WHERE id = %d`, f.project.ID))
		d := b.doc(fmt.Sprintf("/projects/%d", f.project.ID), 200)
		if got := text(d.Find(".notice .meta .tag").First()); got != "已交付（待验收）" {
			t.Errorf("delivered status %q", got)
		}
	})
	t.Run("the 404 page says 页面不存在 once", func(t *testing.T) {
		for _, path := range []string{"/no-such-page", "/projects/987654321"} {
			d := b.doc(path, 404)
			if n := strings.Count(d.Find("main").Text(), "页面不存在"); n != 1 {
				t.Errorf("%s: 页面不存在 appears %d times", path, n)
			}
		}
	})
	t.Run("one term for objections: 异议, never 质疑", func(t *testing.T) {
		raw, err := os.ReadFile("../web/i18n/active.zh-CN.json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]string
		if err := json.Unmarshal(raw, &msgs); err != nil {
			t.Fatal(err)
		}
		for k, v := range msgs {
			if strings.Contains(v, "质疑") {
				t.Errorf("%s says %q", k, v)
			}
		}
	})
}
