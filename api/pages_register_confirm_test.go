package api_test

import (
	"net/url"
	"strings"
	"testing"
)

// Registration asks for the password twice; a mismatch is shown beside the
// second field, keeps what was typed (but the passwords) and creates nothing.
func TestPages_RegisterAsksForThePasswordTwice(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	b := newBrowser(t, app)
	d := b.doc("/register", 200)
	if d.Find(`input#password_confirm[type=password]`).Length() != 1 || d.Find(`label[for="password_confirm"]`).Length() != 1 {
		t.Fatal("no labelled second password field")
	}
	form := url.Values{"role": {"agency"}, "name": {"确认密码中介有限公司"}, "uscc": {uscc()},
		"legal_representative": {"孙七"}, "contact_phone": {"13800001111"}, "email": {"confirm@example.cn"},
		"password": {testPassword}, "password_confirm": {testPassword + "x"}, "accept_commitment_version": {"1"}}
	code, body := b.submit("/register", "/register", form)
	if code != 400 || !strings.Contains(body, "两次输入的密码不一致") || !strings.Contains(body, `value="确认密码中介有限公司"`) {
		t.Errorf("mismatch: %d\n%.1500s", code, body)
	}
	var n int
	if err := app.DB.SQL().QueryRow("SELECT count(*) FROM accounts WHERE email = 'confirm@example.cn'").Scan(&n); err != nil || n != 0 {
		t.Errorf("a mismatch created %d accounts (%v)", n, err)
	}
	form.Set("password_confirm", testPassword)
	if code, body := b.submit("/register", "/register", form); code != 200 || !strings.Contains(body, "确认密码中介有限公司 · 中介服务机构") {
		t.Errorf("matching passwords: %d\n%.1500s", code, body)
	}
}
