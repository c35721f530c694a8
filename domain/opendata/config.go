package opendata

import (
	"context"
	"time"
)

// Config configures open data and outbound events. The zero value works:
// default ocid prefix, no e-mail, public HTTPS webhooks only.
type Config struct {
	// OCIDPrefix replaces domain.OCIDPrefix in the OCDS feed (registered prefixes
	// are "ocds-" + six characters + "-").
	OCIDPrefix string
	// PublisherName and BaseURI describe the publisher in OCDS packages.
	PublisherName string
	BaseURI       string
	// AllowPrivateWebhooks lets webhooks target plain HTTP, loopback and
	// private addresses: for development and tests only (SSRF otherwise).
	AllowPrivateWebhooks bool
	// WebhookMaxAttempts dead-letters a delivery after this many failures (default 8).
	WebhookMaxAttempts int
	// WebhookDisableAfter disables an endpoint after this many consecutive
	// failed attempts (default 20).
	WebhookDisableAfter int
	// WebhookTimeout bounds one delivery attempt to one endpoint (default DefaultWebhookTimeout).
	WebhookTimeout time.Duration
	// WebhookConcurrency is how many requests one endpoint gets at once
	// (default DefaultWebhookConcurrency, at most MaxWebhookConcurrency).
	WebhookConcurrency int
	// Sender sends webhook requests; nil sends none (every attempt fails).
	Sender WebhookSender
	// Resolver looks webhook host names up at registration; nil skips
	// that early check (the sender's dial-time check still applies).
	Resolver HostResolver
	// Mailer sends notification e-mails; nil sends none.
	Mailer Mailer
}

// Mailer sends one plain-text e-mail, giving up when ctx ends.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

func (c Config) maxAttempts() int {
	if c.WebhookMaxAttempts > 0 {
		return c.WebhookMaxAttempts
	}
	return 8
}

func (c Config) disableAfter() int {
	if c.WebhookDisableAfter > 0 {
		return c.WebhookDisableAfter
	}
	return 20
}

func (c Config) timeout() time.Duration {
	if c.WebhookTimeout > 0 {
		return c.WebhookTimeout
	}
	return DefaultWebhookTimeout
}

func (c Config) concurrency() int {
	if c.WebhookConcurrency > 0 {
		return min(c.WebhookConcurrency, MaxWebhookConcurrency)
	}
	return DefaultWebhookConcurrency
}

// publisher names the publisher of the OCDS packages and gives the base of
// every absolute link.
func (c Config) publisher() (OCDSPublisher, string) {
	name, base := c.PublisherName, c.BaseURI
	if name == "" {
		name = "中介服务网上交易平台"
	}
	if base == "" {
		base = "https://zjcs.example.gov.cn"
	}
	return OCDSPublisher{Name: name, URI: base}, base
}
