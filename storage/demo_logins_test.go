package storage_test

import (
	"context"
	"testing"

	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// The demo logins are read in the order the demo prints them, whatever
// the order the accounts were created in, and other accounts are left out.
func TestLoadedDemoLogins_InDemoOrder(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	for _, sql := range []string{
		`INSERT INTO accounts (role, name, uscc, email, password_hash) VALUES ('agency', '演示机构', '91420100MA4K000001', 'agency@demo.cn', 'x')`,
		`INSERT INTO accounts (role, name, email, password_hash) VALUES ('admin', '平台管理员', 'admin@demo.gov.cn', 'x')`,
		`INSERT INTO accounts (role, name, email, password_hash) VALUES ('admin', '其他管理员', 'other@example.cn', 'x')`,
	} {
		if _, err := db.SQL().ExecContext(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	got, err := storage.LoadedDemoLogins(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	want := []storage.DemoLogin{{Role: "admin", Name: "平台管理员", Email: "admin@demo.gov.cn"}, {Role: "agency", Name: "演示机构", Email: "agency@demo.cn"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
