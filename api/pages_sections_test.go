package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/web"
)

// The portal's own sections: 办事指南 with the periods this deployment
// applies, 政策法规 with the guideline and the rules, 通知公告 that admins
// publish (audited, validated, refused to others) and everyone reads, and a
// footer naming the host, the operator and the helpline from configuration.
func TestPages_PortalSections(t *testing.T) {
	t.Parallel()
	app := newTestApp(t, func(s *api.Server) {
		s.Site.(*web.Portal).Footer = web.SiteFooter{HostOrg: "某省政务服务管理办公室", Operator: "某省大数据中心", Helpline: "0571-12345"}
	})
	app.Market.Periods.Publicity = market.WorkingDays(5)
	app.Market.Periods.ObjectionAnswer = market.PeriodOf(72 * time.Hour)
	b := newBrowser(t, app)

	t.Run("footer", func(t *testing.T) {
		_, home := b.get("/")
		mustContain(t, "home footer", home, "主办单位：某省政务服务管理办公室", "运维单位：某省大数据中心", "0571-12345",
			`href="/guide"`, `href="/policies"`, `href="/notices"`)
	})
	t.Run("guide", func(t *testing.T) {
		status, guide := b.get("/guide")
		if status != http.StatusOK {
			t.Fatalf("/guide: %d", status)
		}
		mustContain(t, "/guide", guide, "办事指南", "注册入驻", "报价与竞价", "异议与投诉", "结果公示期", "5 个工作日", "3 天")
		eb := newBrowser(t, app)
		_, en := eb.get("/lang?to=en&back=/guide")
		mustContain(t, "/guide in English", en, "Service guide", "Publicity of a result", "5 working days")
	})
	t.Run("policies", func(t *testing.T) {
		_, pol := b.get("/policies")
		mustContain(t, "/policies", pol, "关于深入推进审批服务便民化的指导意见", "零门槛、零限制", `href="/credit"`, "www.gov.cn")
	})
	t.Run("notices", func(t *testing.T) {
		_, admin := app.staff(domain.RoleAdmin, "平台管理员")
		_, ent := app.register("enterprise", "某某建设有限公司")
		body := map[string]string{"title": "关于春节期间系统维护的通知", "body": "2027年2月6日 22:00 至 24:00 系统维护。\n维护期间暂停报价。"}
		if r := app.do("POST", "/api/v1/notices", ent, body); r.Status != http.StatusForbidden {
			t.Errorf("an enterprise publishing a notice: %d %s", r.Status, r.Body)
		}
		if r := app.do("POST", "/api/v1/notices", admin, map[string]string{"title": "短", "body": ""}); r.Status != http.StatusBadRequest {
			t.Errorf("an empty notice: %d %s", r.Status, r.Body)
		}
		r := app.do("POST", "/api/v1/notices", admin, body)
		if r.Status != http.StatusCreated {
			t.Fatalf("publish: %d %s", r.Status, r.Body)
		}
		var n struct{ ID int64 }
		r.decode(t, &n)
		if got := app.count(t, fmt.Sprintf("SELECT count(*) FROM audit_log WHERE action = 'notice.published' AND subject_id = '%d'", n.ID)); got != 1 {
			t.Errorf("audit rows for the notice: %d", got)
		}
		_, list := b.get("/notices")
		mustContain(t, "/notices", list, "关于春节期间系统维护的通知", fmt.Sprintf(`href="/notices/%d"`, n.ID))
		_, one := b.get(fmt.Sprintf("/notices/%d", n.ID))
		mustContain(t, "the notice", one, "<p>2027年2月6日 22:00 至 24:00 系统维护。</p>", "<p>维护期间暂停报价。</p>")
		if status, _ := b.get("/notices/999999"); status != http.StatusNotFound {
			t.Errorf("an unknown notice: %d", status)
		}

		ab := newBrowser(t, app)
		ab.loginAs(admin)
		status, page := ab.submit("/workspace/notices", "/workspace/notices", url.Values{"title": {"关于调整服务热线的通知"}, "body": {"服务热线调整为 0571-12345。"}})
		if status != http.StatusOK || !strings.Contains(page, "已发布") {
			t.Fatalf("publish from the workspace: %d", status)
		}
		status, page = ab.submit("/workspace/notices", "/workspace/notices", url.Values{"title": {"无正文"}, "body": {""}})
		if status != http.StatusBadRequest || !strings.Contains(page, `class="field-error"`) {
			t.Errorf("an empty body from the workspace: %d", status)
		}
		eb := newBrowser(t, app)
		eb.loginAs(ent)
		if status, _ := eb.get("/workspace/notices"); status != http.StatusForbidden {
			t.Errorf("an enterprise on the notices workspace: %d", status)
		}
	})
}
