package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Section 5: the purchaser's contact for questions (采购人联系方式) is set
// per project through the API; only what the owner filled in is published,
// and a malformed contact is a 400 naming the field.
func TestProjectContact_API(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, owner := app.register("enterprise", "联系方式测试企业有限公司")
	app.agency("联系方式测试咨询有限公司", "NAT-01")
	for _, c := range []struct {
		name    string
		contact map[string]any
		code    string
	}{
		{"a name alone", map[string]any{"name": "王工"}, "contact_means"},
		{"a bad phone", map[string]any{"name": "王工", "phone": "12345"}, "phone_format"},
		{"a bad e-mail", map[string]any{"email": "wang@"}, "email_format"},
		{"a long name", map[string]any{"name": strings.Repeat("王", 51), "phone": "027-87654321"}, "contact_name_length"},
	} {
		r := app.do("POST", "/api/v1/projects", owner, app.projectBody(map[string]any{"contact": c.contact}))
		if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), c.code) {
			t.Errorf("%s: %d %s, want 400 %s", c.name, r.Status, r.Body, c.code)
		}
	}
	p := app.publishedProject(owner, map[string]any{"contact": map[string]any{"name": " 王工 ", "phone": "027-87654321", "email": ""}})
	var got struct {
		Contact *struct{ Name, Phone, Email string }
	}
	app.do("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "", nil).decode(t, &got)
	if got.Contact == nil || got.Contact.Name != "王工" || got.Contact.Phone != "027-87654321" || got.Contact.Email != "" {
		t.Errorf("published contact %+v, want 王工 / 027-87654321 / no e-mail", got.Contact)
	}
	none := app.publishedProject(owner, map[string]any{"contact": map[string]any{"name": "", "phone": "", "email": ""}})
	got.Contact = nil
	r := app.do("GET", fmt.Sprintf("/api/v1/projects/%d", none.ID), "", nil)
	r.decode(t, &got)
	if got.Contact != nil || !strings.Contains(string(r.Body), `"contact":null`) {
		t.Errorf("an empty contact is published: %s", r.Body)
	}
}

// Section 5: the project form proposes the owner's registered phone and
// e-mail as the contact; the notice shows what the owner kept, beside the
// purchaser, and shows nothing when the owner cleared it.
func TestProjectContact_FormAndNotice(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, owner := app.register("enterprise", "联系方式页面企业有限公司")
	app.agency("联系方式页面咨询有限公司", "NAT-01")
	b := newBrowser(t, app.testApp).loggedIn(owner)
	_, body := b.get("/workspace/projects/new")
	mustContain(t, "form", body, "4. 采购人联系方式", "5. 回避名单", `id="contact_phone" name="contact_phone" type="tel" value="13912345678"`, `name="contact_email" type="email" value="u`)

	closes := app.now.Add(48 * time.Hour).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02T15:04")
	form := url.Values{"title": {"某厂房扩建环境影响评价"}, "item_code": {"NAT-01"}, "method": {"lowest_price"}, "ceiling_price": {"125000"},
		"bidding_closes_at": {closes}, "service_days": {"30"}, "min_bids": {"1"}, "description": {"编制环境影响报告表。"},
		"contact_name": {"李工"}, "contact_phone": {"0271234"}, "contact_email": {""}, "do": {"publish"}}
	code, body := b.submit("/workspace/projects/new", "/workspace/projects/new", form)
	if code != http.StatusBadRequest || !strings.Contains(body, "请填写 11 位手机号码或带区号的固定电话") || !strings.Contains(body, `value="李工"`) {
		t.Fatalf("a bad phone through the form: %d", code)
	}
	form.Set("contact_phone", "027-87654321")
	if code, body = b.submit("/workspace/projects/new", "/workspace/projects/new", form); code != http.StatusOK || !strings.Contains(body, "关于《某厂房扩建环境影响评价》") {
		t.Fatalf("publish with a contact: %d", code)
	}
	text := visibleText(t, body)
	mustContain(t, "notice", text, "采购人联系方式", "联系人： 李工", "027-87654321")
	if strings.Contains(text, "邮箱：") {
		t.Errorf("the notice shows an e-mail the owner left empty")
	}
	var id int64
	storagetestCount(t, app.testApp, "SELECT max(id) FROM projects", &id)
	_, body = newBrowser(t, app.testApp).get(fmt.Sprintf("/projects/%d/print", id))
	mustContain(t, "printed notice", body, "采购人联系方式", "027-87654321")

	form.Set("title", "某厂房扩建水土保持方案编制")
	for _, k := range []string{"contact_name", "contact_phone", "contact_email"} {
		form.Set(k, "")
	}
	if code, body = b.submit("/workspace/projects/new", "/workspace/projects/new", form); code != http.StatusOK || strings.Contains(body, "采购人联系方式") {
		t.Errorf("a notice without a contact shows one (or was refused): %d", code)
	}
}
