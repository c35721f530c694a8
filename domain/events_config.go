package domain

import (
	"context"
	"strconv"
	"time"
)

// OpenDataConfig configures open data and outbound events. The zero value
// works: default ocid prefix, no e-mail, public HTTPS webhooks only.
type OpenDataConfig struct {
	// OCIDPrefix replaces OCIDPrefix in the OCDS feed (registered prefixes
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

// publicView is Project.PublicView with the configured OCDS prefix, so that
// a project's ocid is the same in the API and in the open-data feed.
func (m *Marketplace) publicView(p *Project) *Project {
	p.PublicView()
	p.OCID = m.ocidPrefix() + strconv.FormatInt(p.ID, 10)
	return p
}

func (m *Marketplace) ocidPrefix() string {
	if m.OpenData.OCIDPrefix != "" {
		return m.OpenData.OCIDPrefix
	}
	return OCIDPrefix
}

func (c OpenDataConfig) maxAttempts() int {
	if c.WebhookMaxAttempts > 0 {
		return c.WebhookMaxAttempts
	}
	return 8
}

func (c OpenDataConfig) disableAfter() int {
	if c.WebhookDisableAfter > 0 {
		return c.WebhookDisableAfter
	}
	return 20
}

func (c OpenDataConfig) timeout() time.Duration {
	if c.WebhookTimeout > 0 {
		return c.WebhookTimeout
	}
	return DefaultWebhookTimeout
}

func (c OpenDataConfig) concurrency() int {
	if c.WebhookConcurrency > 0 {
		return min(c.WebhookConcurrency, MaxWebhookConcurrency)
	}
	return DefaultWebhookConcurrency
}
