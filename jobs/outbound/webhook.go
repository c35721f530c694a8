// Package outbound holds the network adapters of outbound deliveries: the
// HTTP webhook sender and the SMTP mailer. The rules they apply (which
// addresses a webhook may reach, what a delivery carries) live in domain;
// the delivery engine (jobs.Deliverer) calls them outside any database
// transaction.
package outbound

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"marketplace/domain/opendata"
)

// Transport limits of the webhook sender. The whole attempt is bounded by
// the caller's context (the endpoint's timeout).
const (
	dialTimeout = 5 * time.Second
	// maxAnswerRead is how much of an answer is read (and dropped), so the
	// connection can be reused without a receiver making us read forever.
	maxAnswerRead = 64 << 10
	// idleConnsPerHost keeps connections to busy endpoints warm.
	idleConnsPerHost = 8
)

// HTTPSender posts webhooks with net/http. Every address it connects to
// passes opendata.CheckWebhookDial first (in the dialer's Control hook, after
// name resolution), so a name that now resolves to an internal address
// (DNS rebinding) is refused. No proxy from the environment is used: it
// would connect on our behalf, past that check. Redirects are not followed.
type HTTPSender struct {
	strict, dev *http.Client
}

// NewHTTPSender returns a sender; one is enough for the process.
func NewHTTPSender() *HTTPSender {
	return &HTTPSender{strict: newClient(false), dev: newClient(true)}
}

func newClient(allowPrivate bool) *http.Client {
	d := &net.Dialer{Timeout: dialTimeout, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return opendata.ErrWebhookTargetRefused
		}
		return opendata.CheckWebhookDial(ap, allowPrivate)
	}}
	return &http.Client{
		Transport: &http.Transport{Proxy: nil, DialContext: d.DialContext, TLSHandshakeTimeout: dialTimeout,
			MaxIdleConnsPerHost: idleConnsPerHost, IdleConnTimeout: 90 * time.Second, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Send implements opendata.WebhookSender.
func (s *HTTPSender) Send(ctx context.Context, r opendata.WebhookRequest) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return 0, err
	}
	for k, v := range r.Header {
		req.Header.Set(k, v)
	}
	c := s.strict
	if r.AllowPrivate {
		c = s.dev
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswerRead))
	return resp.StatusCode, nil
}
