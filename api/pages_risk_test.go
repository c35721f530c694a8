package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"marketplace/api"
	"marketplace/domain"
)

// loggedIn gives the browser the session of token, as the login form would.
func (b *browser) loggedIn(token string) *browser {
	u, _ := url.Parse(b.app.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: api.SessionCookie, Value: token, Path: "/"}})
	return b
}

func TestPages_RiskWorkspace(t *testing.T) {
	t.Parallel()
	app, _, ids, tokens, owner := closedRingProject(t)
	_, dept := app.staff(domain.RoleDepartment, "湖北省生态环境厅")
	d := newBrowser(t, app.testApp).loggedIn(dept)

	code, body := d.get("/supervision/risks?indicator=shared_client")
	if code != http.StatusOK || !strings.Contains(body, "同一终端投标") || !strings.Contains(body, "风险监测") {
		t.Fatalf("risk list: %d\n%.1500s", code, body)
	}
	flagLink := regexp.MustCompile(`href="(/supervision/risks/\d+)"`).FindStringSubmatch(body)
	if flagLink == nil {
		t.Fatal("no flag link on the list")
	}
	code, body = d.get(flagLink[1])
	if code != http.StatusOK || !strings.Contains(body, "RingBrowser/1.0") || !strings.Contains(body, "127.0.0.1") {
		t.Fatalf("flag page lacks the evidence: %d", code)
	}
	code, body = d.submit(flagLink[1], flagLink[1]+"/cases", url.Values{"note": {"调取两家机构的登录记录。"}})
	if code != http.StatusOK || !strings.Contains(body, "核查中") || !strings.Contains(body, "调取两家机构的登录记录。") {
		t.Fatalf("open case: %d\n%.1500s", code, body)
	}
	casePath := regexp.MustCompile(`action="(/supervision/cases/\d+)/notes"`).FindStringSubmatch(body)
	if casePath == nil {
		t.Fatal("no note form on the case page")
	}
	code, body = d.submit(casePath[1], casePath[1]+"/convert", url.Values{"agency_id": {fmt.Sprint(ids[0])}, "kind": {"collusion"}, "reason": {"串通投标"}})
	if code != http.StatusOK || !strings.Contains(body, "已认定违规") {
		t.Errorf("convert: %d\n%.1500s", code, body)
	}
	code, body = d.submit(casePath[1], casePath[1]+"/close", url.Values{"reason": {"x"}})
	if code != http.StatusConflict || !strings.Contains(body, "案件已结案") {
		t.Errorf("closing a converted case: %d", code)
	}
	// no other role reaches the pages
	for name, tok := range map[string]string{"agency": tokens[1], "owner": owner} {
		if code, _ := newBrowser(t, app.testApp).loggedIn(tok).get(flagLink[1]); code != http.StatusForbidden {
			t.Errorf("%s reads the flag page: %d", name, code)
		}
	}
	// the anonymous are sent to the login form, and see no flag
	if code, body := newBrowser(t, app.testApp).get("/supervision/risks"); code != http.StatusOK || !strings.Contains(body, `action="/login`) || strings.Contains(body, flagLink[1]) {
		t.Errorf("anonymous reads the risk list: %d", code)
	}
}
