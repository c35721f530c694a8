package server

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// Production never guesses its database: with no DATABASE_URL, and no
// DEV_DATABASE to ask for the development database, every command that
// opens the database refuses to start and says what to set.
func TestRun_RefusesWithoutDatabaseURL(t *testing.T) {
	t.Setenv("DATABASE_URL", "")
	t.Setenv("DEV_DATABASE", "")
	t.Setenv("HTTP_ADDR", "127.0.0.1:0")
	t.Setenv("METRICS_ADDR", "")
	// The context is already over, so that should the refusal ever regress
	// the command cannot go on to create or migrate a database on whatever
	// server answers on this machine.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, args := range [][]string{nil, {"serve"}, {"migrate"}, {"seed-demo"}, {"run-job", "close_bidding"}} {
		var out bytes.Buffer
		start := time.Now()
		err := Run(ctx, args, &out)
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL is not set") || !strings.Contains(err.Error(), "DEV_DATABASE") {
			t.Errorf("%v: %v, want a refusal naming DATABASE_URL and DEV_DATABASE", args, err)
		}
		if strings.Contains(out.String(), "local cluster") || strings.Contains(out.String(), "initdb") {
			t.Errorf("%v looked for a development database: %s", args, out.String())
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%v took %v to refuse", args, d)
		}
	}
}

// DEV_DATABASE is a yes/no switch, read like the other booleans.
func TestConfig_DevDatabase(t *testing.T) {
	t.Setenv("DEV_DATABASE", "1")
	if c, err := ConfigFromEnv(); err != nil || !c.DevDatabase {
		t.Errorf("DEV_DATABASE=1: %+v %v", c.DevDatabase, err)
	}
	t.Setenv("DEV_DATABASE", "maybe")
	if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), "DEV_DATABASE") {
		t.Errorf("DEV_DATABASE=maybe accepted: %v", err)
	}
}
