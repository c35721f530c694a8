package storage

import (
	"strings"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// The statement each finder sends: no lock for a page, FOR UPDATE for a use
// case, and only the named aliases when the query joins reference rows.
func TestForUpdateIf_LocksOnlyWhenAskedAndOnlyTheNamedTables(t *testing.T) {
	t.Parallel()
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: "host=invalid.invalid"}),
		&gorm.Config{DryRun: true, DisableAutomaticPing: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lock bool
		of   []string
		want string
	}{
		{false, nil, ""},
		{false, []string{"a"}, ""},
		{true, nil, " FOR UPDATE"},
		{true, []string{"q"}, " FOR UPDATE OF q"},
		{true, []string{"a", "p"}, " FOR UPDATE OF a, p"},
	} {
		var out []map[string]any
		stmt := db.Table("accounts a").Scopes(forUpdateIf(c.lock, c.of...)).Find(&out).Statement
		sql := stmt.SQL.String()
		if got := strings.TrimPrefix(sql, `SELECT * FROM accounts a`); got != c.want {
			t.Errorf("forUpdateIf(%v, %q) sent %q, want the tail %q", c.lock, c.of, sql, c.want)
		}
	}
}
