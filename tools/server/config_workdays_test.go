package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"marketplace/domain/market"
	"marketplace/storage/storagetest"
)

// Every lifecycle period accepts working days ("5wd") as well as a
// duration, through the configuration every command reads.
func TestConfig_WorkingDayPeriods(t *testing.T) {
	t.Setenv("MARKET_PUBLICITY_PERIOD", "5wd")
	t.Setenv("MARKET_MIN_BIDDING_WINDOW", "10wd")
	t.Setenv("MARKET_SIGNING_PERIOD", "30s")
	c, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	p := c.MarketPeriods()
	if got, want := p.Publicity, market.WorkingDays(5); got != want {
		t.Errorf("publicity %s, want %s", got, want)
	}
	if got, want := p.MinBiddingWindow, market.WorkingDays(10); got != want {
		t.Errorf("bidding window %s, want %s", got, want)
	}
	if got, want := p.Signing.Duration().String(), "30s"; got != want || p.Signing.WorkingDays() != 0 {
		t.Errorf("signing %s, want the duration %s", p.Signing, want)
	}
	t.Setenv("MARKET_OBJECTION_ANSWER_PERIOD", "0wd")
	if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), `MARKET_OBJECTION_ANSWER_PERIOD="0wd"`) || !strings.Contains(err.Error(), "5wd") {
		t.Errorf("0wd: %v, want a refusal naming the variable and the working-day form", err)
	}
}

// The defaults are the customary forms: working days, evaluation 30 days.
func TestConfig_WorkingDayDefaults(t *testing.T) {
	p := DefaultConfig().MarketPeriods()
	for name, pair := range map[string][2]market.Period{
		"bidding window":   {p.MinBiddingWindow, market.WorkingDays(5)},
		"publicity":        {p.Publicity, market.WorkingDays(5)},
		"objection answer": {p.ObjectionAnswer, market.WorkingDays(7)},
		"complaint":        {p.Complaint, market.WorkingDays(15)},
		"signing":          {p.Signing, market.WorkingDays(5)},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s defaults to %s, want %s", name, pair[0], pair[1])
		}
	}
	if got := p.Evaluation.Duration().Hours() / 24; got != 30 {
		t.Errorf("evaluation defaults to %v days, want 30", got)
	}
}

// MARKET_PUBLICITY_PERIOD=5wd go run . migrate succeeds, and config prints it back.
func TestRun_MigrateWithWorkingDayPeriod(t *testing.T) {
	dsn, drop := storagetest.CreateDatabase(t)
	defer drop()
	t.Setenv("DATABASE_URL", dsn)
	t.Setenv("MARKET_PUBLICITY_PERIOD", "5wd")
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"migrate"}, &out); err != nil {
		t.Fatalf("migrate with MARKET_PUBLICITY_PERIOD=5wd: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := Run(context.Background(), []string{"config"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "MARKET_PUBLICITY_PERIOD=5wd\n") {
		t.Errorf("config does not print MARKET_PUBLICITY_PERIOD=5wd:\n%s", out.String())
	}
}
