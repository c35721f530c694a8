package domain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// webhookBatch bounds one delivery run: each attempt may take up to the
// timeout while the job's transaction is open.
const webhookBatch = 20

// deliveryLogRetention is how long delivered and dead webhook and e-mail
// rows stay visible (delivery log, dead letters).
const deliveryLogRetention = 30 * 24 * time.Hour

// DeliverWebhooksJob drains outbox topic 'webhook': each row is one event
// for one endpoint, its payload frozen at dispatch, so a retry carries the
// same bytes and event id. A 2xx answer completes the row; anything else is
// retried with the outbox backoff and dead-lettered after the configured
// attempts. Consecutive failures disable the endpoint.
func (m *Marketplace) DeliverWebhooksJob(ctx context.Context, s Store, now time.Time) (int, error) {
	// The delivery log (and dead letters) is kept for 30 days.
	if _, err := s.PruneOutbox(ctx, WebhookTopic, now.Add(-deliveryLogRetention)); err != nil {
		return 0, err
	}
	msgs, err := s.ClaimOutboxMessages(ctx, WebhookTopic, now, webhookBatch)
	if err != nil {
		return 0, err
	}
	poster := m.OpenData.Poster
	if poster == nil {
		poster = &HTTPPoster{AllowPrivate: m.OpenData.AllowPrivateWebhooks, Timeout: m.OpenData.timeout()}
	}
	done := 0
	for _, msg := range msgs {
		w, err := s.FindWebhookByID(ctx, msg.EntityID, true)
		if err != nil {
			return 0, err
		}
		if w.Status != "active" {
			if err := s.DeadLetterOutbox(ctx, msg.ID, msg.Attempts, "endpoint "+w.Status, now); err != nil {
				return 0, err
			}
			continue
		}
		ts := now.Unix()
		header := map[string]string{
			"Content-Type":        "application/json",
			"User-Agent":          "zjcs-webhooks/1",
			"X-Event-Id":          "evt_" + strconv.FormatInt(msg.Version, 10),
			"X-Delivery-Id":       strconv.FormatInt(msg.ID, 10),
			"X-Delivery-Attempt":  strconv.Itoa(msg.Attempts + 1),
			"X-Webhook-Timestamp": strconv.FormatInt(ts, 10),
			"X-Webhook-Signature": SignWebhook(w.Secret, ts, msg.Payload),
		}
		status, perr := poster.Post(ctx, w.URL, header, msg.Payload)
		if perr == nil && status >= 200 && status < 300 {
			if err := s.CompleteOutbox(ctx, []int64{msg.ID}, now); err != nil {
				return 0, err
			}
			if w.Failures != 0 {
				w.Failures = 0
				if err := s.UpdateWebhook(ctx, w); err != nil {
					return 0, err
				}
			}
			done++
			continue
		}
		reason := fmt.Sprintf("HTTP %d", status)
		if perr != nil {
			reason = perr.Error()
		}
		if err := m.retryOrDead(ctx, s, msg, reason, now); err != nil {
			return 0, err
		}
		w.Failures++
		if w.Failures >= m.OpenData.disableAfter() {
			w.Status, w.DisabledReason = "disabled", fmt.Sprintf("%d consecutive failed deliveries; last: %s", w.Failures, reason)
		}
		if err := s.UpdateWebhook(ctx, w); err != nil {
			return 0, err
		}
		done++
	}
	return done, nil
}

// CheckWebhookURL refuses URLs that are not absolute HTTPS, carry
// credentials, or name a loopback, private, link-local or otherwise
// internal address (SSRF). allowPrivate lifts the address and scheme rules
// for development and tests.
func CheckWebhookURL(ctx context.Context, raw string, allowPrivate bool) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || len(raw) > 2000 {
		return FieldError("url", "webhook_url_invalid", "url must be an absolute https URL.")
	}
	if u.Scheme != "https" && !(allowPrivate && u.Scheme == "http") {
		return FieldError("url", "webhook_url_not_https", "Webhook URLs must use https.")
	}
	if u.User != nil || u.Fragment != "" {
		return FieldError("url", "webhook_url_invalid", "Webhook URLs may not carry credentials or a fragment.")
	}
	if allowPrivate {
		return nil
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return FieldError("url", "webhook_url_private", "Webhook URLs may not point to loopback or private addresses.")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if !PublicAddr(ip) {
			return FieldError("url", "webhook_url_private", "Webhook URLs may not point to loopback or private addresses.")
		}
		return nil
	}
	rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(rctx, "ip", host)
	if err != nil || len(addrs) == 0 {
		return FieldError("url", "webhook_host_unresolvable", "The webhook host %q does not resolve.", host)
	}
	for _, a := range addrs {
		if !PublicAddr(a) {
			return FieldError("url", "webhook_url_private", "Webhook URLs may not point to loopback or private addresses.")
		}
	}
	return nil
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// PublicAddr reports whether ip is a globally routable unicast address.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && ip.IsGlobalUnicast() && !ip.IsPrivate() && !ip.IsLoopback() &&
		!ip.IsLinkLocalUnicast() && !cgnat.Contains(ip)
}

// HTTPPoster posts webhooks with net/http. Unless AllowPrivate, the dialer
// re-checks every address it connects to, so a name that resolves to a
// private address after registration (DNS rebinding) is still refused.
type HTTPPoster struct {
	AllowPrivate bool
	Timeout      time.Duration
	client       *http.Client
}

// Post implements WebhookPoster. Redirects are not followed.
func (p *HTTPPoster) Post(ctx context.Context, target string, header map[string]string, body []byte) (int, error) {
	if p.client == nil {
		d := &net.Dialer{Timeout: p.Timeout}
		if !p.AllowPrivate {
			d.Control = func(_, address string, _ syscall.RawConn) error {
				ap, err := netip.ParseAddrPort(address)
				if err != nil || !PublicAddr(ap.Addr()) {
					return errors.New("refused to connect to a non-public address")
				}
				return nil
			}
		}
		p.client = &http.Client{Timeout: p.Timeout, Transport: &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: p.Timeout},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
