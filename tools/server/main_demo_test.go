package server

import (
	"context"
	"strings"
	"testing"

	"marketplace/storage/storagetest"
)

// `make run` starts with SEED_DEMO=1 every time; the demo is loaded once, and
// its logins are printed on every start over the same database.
func TestSeedDemo_PrintsLoginsOnEveryStart(t *testing.T) {
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("UPLOAD_DIR", t.TempDir())
	cfg, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	start := func() string {
		out := &syncBuffer{}
		m := NewMain(cfg, out)
		if err := m.Open(context.Background(), true); err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if err := m.SeedDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	if first := start(); !strings.Contains(first, "Demo logins") || !strings.Contains(first, "admin@demo.gov.cn") {
		t.Fatalf("first start prints no logins:\n%s", first)
	}
	second := start()
	if !strings.Contains(second, "nothing loaded") {
		t.Errorf("a later start loaded the demo again:\n%s", second)
	}
	if !strings.Contains(second, "Demo logins") || !strings.Contains(second, "admin@demo.gov.cn") || !strings.Contains(second, "agency@demo.cn") {
		t.Errorf("a later start does not print the logins:\n%s", second)
	}
}
