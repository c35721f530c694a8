package api_test

import (
	"context"
	"testing"
)

// storagetestCount runs a counting query on the app's database.
func storagetestCount(t testing.TB, app *testApp, sql string, dst *int64) {
	t.Helper()
	if err := app.DB.SQL().QueryRowContext(context.Background(), sql).Scan(dst); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func storagetestExecErr(app *testApp, sql string) error {
	_, err := app.DB.SQL().ExecContext(context.Background(), sql)
	return err
}

func storagetestExec(t testing.TB, app *testApp, sql string) {
	t.Helper()
	if err := storagetestExecErr(app, sql); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
