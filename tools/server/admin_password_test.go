package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"marketplace/storage/storagetest"
)

// TestAdminCreate_PasswordFromStdin: the staff password never appears on
// the command line (shell history, process list); it is read from standard
// input, or from a prompt on a terminal.
func TestAdminCreate_PasswordFromStdin(t *testing.T) {
	dsn, drop := storagetest.CreateDatabase(t)
	t.Cleanup(drop)
	cfg := DefaultConfig()
	cfg.DatabaseURL, cfg.Hasher = dsn, storagetest.FastHasher
	ctx := context.Background()
	args := []string{"create", "--role", "admin", "--name", "平台管理员", "--email", "root@example.gov.cn"}

	t.Run("--password is refused", func(t *testing.T) {
		m := NewMain(cfg, &bytes.Buffer{})
		m.In = strings.NewReader("river-lantern-orchard\n")
		err := m.adminCommand(ctx, append(args, "--password", "river-lantern-orchard"))
		if err == nil || !strings.Contains(err.Error(), "standard input") {
			t.Errorf("got %v, want a refusal naming standard input", err)
		}
	})
	t.Run("empty standard input is refused", func(t *testing.T) {
		m := NewMain(cfg, &bytes.Buffer{})
		m.In = strings.NewReader("")
		if err := m.adminCommand(ctx, args); err == nil {
			t.Error("created an account without a password")
		}
	})
	t.Run("read from standard input", func(t *testing.T) {
		var out bytes.Buffer
		m := NewMain(cfg, &out)
		m.In = strings.NewReader("river-lantern-orchard\r\n")
		if err := m.adminCommand(ctx, args); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "created admin account") {
			t.Errorf("output: %s", out.String())
		}
		m = NewMain(cfg, &bytes.Buffer{})
		if err := m.Open(ctx, false); err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if _, err := m.Market.Accounts().Login(ctx, "root@example.gov.cn", "river-lantern-orchard", "127.0.0.1"); err != nil {
			t.Errorf("login with the password read from stdin: %v", err)
		}
	})
}
