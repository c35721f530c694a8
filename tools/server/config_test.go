package server

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/jobrun"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
	"marketplace/storage"
)

// `go run . config` prints every setting as NAME=value, opens nothing, and
// never prints a secret: passwords and keys are masked, and so is the
// password inside DATABASE_URL (the rest of the URL stays, to check it).
func TestConfigCommand_PrintsSettingsMasked(t *testing.T) {
	key := domain.GenerateSigningSeed()
	secrets := map[string]string{
		"DATABASE_URL":      "postgres://market:db-hunter2@db.internal:5432/marketplace?sslmode=disable",
		"AUDIT_SIGNING_KEY": key,
		"SMTP_PASSWORD":     "smtp-hunter2",
		"MEILI_API_KEY":     "meili-hunter2",
	}
	for k, v := range secrets {
		t.Setenv(k, v)
	}
	t.Setenv("MARKET_PUBLICITY_PERIOD", "96h")
	t.Setenv("METRICS_ADDR", "")
	t.Setenv("COOKIE_SECURE", "false")
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"config"}, &out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, leak := range []string{"db-hunter2", key, "smtp-hunter2", "meili-hunter2"} {
		if strings.Contains(got, leak) {
			t.Errorf("config printed the secret %q:\n%s", leak, got)
		}
	}
	lines := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(got), "\n") {
		name, value, ok := strings.Cut(l, "=")
		if !ok {
			t.Fatalf("line %q is not NAME=value", l)
		}
		lines[name] = value
	}
	for name, want := range map[string]string{
		"DATABASE_URL":            "postgres://market:xxxxx@db.internal:5432/marketplace?sslmode=disable",
		"MARKET_PUBLICITY_PERIOD": "96h0m0s",
		"MARKET_SIGNING_PERIOD":   "5wd",
		"METRICS_ADDR":            "",
		"HTTP_ADDR":               ":8080",
		"COOKIE_SECURE":           "false",
		"SMTP_FROM":               "noreply@zjcs.example.gov.cn",
		"LOG_LEVEL":               "INFO",
	} {
		if v, ok := lines[name]; !ok || v != want {
			t.Errorf("%s=%q (printed: %v), want %q", name, v, ok, want)
		}
	}
	for _, name := range []string{"AUDIT_SIGNING_KEY", "SMTP_PASSWORD", "MEILI_API_KEY"} {
		if lines[name] != "******" {
			t.Errorf("%s=%q, want masked", name, lines[name])
		}
	}
	for _, name := range []string{"TRUSTED_PROXIES", "WEBHOOK_TIMEOUT", "WEBHOOK_CONCURRENCY", "JOB_STALE_AFTER", "SHUTDOWN_TIMEOUT", "UPLOAD_DIR", "OCDS_PREFIX"} {
		if _, ok := lines[name]; !ok {
			t.Errorf("%s not printed", name)
		}
	}
}

// Every malformed setting is refused with a message naming the variable and
// what it wants; all of them at once, not one per start.
func TestConfig_RefusesMalformedValues(t *testing.T) {
	bad := map[string]string{
		"MARKET_PUBLICITY_PERIOD":       "three days",
		"MARKET_SIGNING_PERIOD":         "-1h",
		"SHUTDOWN_TIMEOUT":              "0s",
		"MARKET_AUCTION_MAX_EXTENSIONS": "many",
		"COOKIE_SECURE":                 "maybe",
		"LOG_LEVEL":                     "loud",
		"TRUSTED_PROXIES":               "10.0.0.0/8,proxy.local",
	}
	for k, v := range bad {
		t.Setenv(k, v)
	}
	_, err := ConfigFromEnv()
	if err == nil {
		t.Fatal("malformed settings accepted")
	}
	for k, v := range bad {
		if k == "TRUSTED_PROXIES" {
			v = "proxy.local" // the one entry that is wrong
		}
		if !strings.Contains(err.Error(), k) || !strings.Contains(err.Error(), v) {
			t.Errorf("error does not name %s=%q: %v", k, v, err)
		}
	}
	for _, hint := range []string{"want a positive Go duration such as 72h or 30s", "want true or false", "want debug, info, warn or error", "neither an address nor a CIDR range"} {
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("error lacks %q: %v", hint, err)
		}
	}
}

// Range rules that the whole configuration checks.
func TestConfig_RefusesOutOfRange(t *testing.T) {
	for name, value := range map[string]string{
		"MARKET_AUCTION_MAX_EXTENSIONS": "-1",
		"WEBHOOK_TIMEOUT":               "2m",
		"WEBHOOK_CONCURRENCY":           "9",
		"BID_CONCURRENCY":               "0",
		"MARKET_SCHEDULER_INTERVAL":     "500ms",
		"HTTP_ADDR":                     "8080",
		"AUDIT_SIGNING_KEY":             "c2hvcnQ=",
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv(name, value)
			if _, err := ConfigFromEnv(); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: %v, want a refusal naming it", name, value, err)
			}
		})
	}
}

// BID_CONCURRENCY goes up to half the connection pool, and its description
// says so with the same number.
func TestConfig_BidConcurrencyAtMostHalfThePool(t *testing.T) {
	for value, ok := range map[int]bool{1: true, storage.MaxBidTransactions: true, storage.MaxBidTransactions + 1: false} {
		t.Setenv("BID_CONCURRENCY", strconv.Itoa(value))
		_, err := ConfigFromEnv()
		if (err == nil) != ok {
			t.Errorf("BID_CONCURRENCY=%d: error %v, want accepted %v", value, err, ok)
		}
	}
	for _, s := range settings(&Config{}) {
		if want := fmt.Sprintf("1 to %d", storage.MaxBidTransactions); s.Name == "BID_CONCURRENCY" && !strings.Contains(s.Desc, want) {
			t.Errorf("BID_CONCURRENCY is described as %q, which does not say %q", s.Desc, want)
		}
	}
}

// The defaults written in Config's tags are the domain's named constants:
// the tags are what the documentation shows, the constants what the rules
// fall back on, and the two must not drift apart.
func TestConfig_DefaultsAreDomainConstants(t *testing.T) {
	c := DefaultConfig()
	if got, want := c.MarketPeriods(), domain.DefaultPeriods(); got != want {
		t.Errorf("periods %+v, want domain.DefaultPeriods() %+v", got, want)
	}
	for name, pair := range map[string][2]any{
		"METRICS_ADDR":        {c.MetricsAddr, DefaultMetricsAddr},
		"SHUTDOWN_TIMEOUT":    {c.ShutdownTimeout, DefaultShutdownTimeout},
		"JOB_STALE_AFTER":     {c.JobStaleAfter, jobrun.DefaultStaleAfter},
		"WEBHOOK_TIMEOUT":     {c.WebhookTimeout, opendata.DefaultWebhookTimeout},
		"WEBHOOK_CONCURRENCY": {c.WebhookConcurrency, opendata.DefaultWebhookConcurrency},
		"OCDS_PREFIX":         {c.OCIDPrefix, market.OCIDPrefix},
		"BID_CONCURRENCY":     {c.BidConcurrency, storage.DefaultBidTransactions},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s defaults to %v, want %v", name, pair[0], pair[1])
		}
	}
	if err := c.Validate(); err != nil {
		t.Errorf("the defaults are invalid: %v", err)
	}
}

// An empty variable takes its default like an unset one (a blank line in an
// env file changes nothing); METRICS_ADDR alone is turned off by it.
func TestConfig_EmptyMeansDefault(t *testing.T) {
	for _, name := range []string{"HTTP_ADDR", "COOKIE_SECURE", "MARKET_PUBLICITY_PERIOD", "MARKET_AUCTION_MAX_EXTENSIONS", "UPLOAD_DIR", "LOG_LEVEL", "SMTP_FROM"} {
		t.Setenv(name, "")
	}
	c, err := ConfigFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultConfig()
	if c.HTTPAddr != d.HTTPAddr || c.CookieSecure != d.CookieSecure || c.MarketPeriods() != d.MarketPeriods() || c.UploadDir != d.UploadDir ||
		c.LogLevel != d.LogLevel || c.SMTPFrom != d.SMTPFrom {
		t.Errorf("empty variables did not take the defaults: %+v", c)
	}
}
