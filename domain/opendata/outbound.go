package opendata

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"marketplace/domain/kernel"
)

// Outbound deliveries (outbox topics 'webhook' and 'email') are sent by an
// engine outside this package (jobs.Deliverer) in three steps, none of
// which holds a transaction open across the network:
//
//  1. ClaimOutbound leases due rows in one statement (FOR UPDATE SKIP
//     LOCKED, then locked_until), so replicas share the work;
//  2. the engine sends them with SendOutbound, lane by lane: a webhook
//     endpoint is a lane with its own concurrency and timeout, so a slow
//     endpoint delays only itself;
//  3. RecordOutbound records the attempts of many deliveries in one short
//     transaction: done, retried with backoff, or dead-lettered.
//
// A lease that runs out (a replica died mid-send) makes the row due again:
// delivery is at least once, and receivers drop duplicates by X-Event-Id.

// deliveryLogRetention is how long delivered and dead webhook and e-mail
// rows stay visible (delivery log, dead letters).
const deliveryLogRetention = 30 * 24 * time.Hour

// Lane limits. A claim takes at most concurrency × depth rows of one lane,
// so a lane never holds more leased rows than it can send before its lease
// ends.
const (
	// DefaultWebhookConcurrency is how many requests one endpoint gets at
	// once: one keeps its deliveries in order.
	DefaultWebhookConcurrency = 1
	// MaxWebhookConcurrency bounds WebhookConcurrency.
	MaxWebhookConcurrency = 8
	// DefaultWebhookTimeout is how long one delivery attempt to one
	// endpoint may take.
	DefaultWebhookTimeout = 5 * time.Second
	// MaxWebhookTimeout bounds WebhookTimeout: an endpoint slower than
	// this fails the attempt and is retried, rather than holding its lane.
	MaxWebhookTimeout = time.Minute
	// EmailConcurrency is how many SMTP sessions run at once.
	EmailConcurrency = 4
	// EmailTimeout bounds one SMTP session (dial to QUIT).
	EmailTimeout = 30 * time.Second
	// laneDepth is how many rows per concurrent slot one claim gives a
	// lane: deep enough that a fast endpoint is not held back by the
	// claim and record round trips, shallow enough for a short lease.
	laneDepth = 32
	// mailDepth is the relay lane's depth: SMTP sessions are slow.
	mailDepth = 8
	// leaseMargin covers the engine's own latency on top of the sends.
	leaseMargin = 30 * time.Second
	// maxErrorLength bounds the last error kept on a row.
	maxErrorLength = 1000
)

// Mail is one notification e-mail.
type Mail struct {
	To, Subject, Body string
}

// Outbound is one leased outbox row with what its sender needs.
type Outbound struct {
	Msg *OutboxMessage
	// Lane groups deliveries that share limits: the webhook endpoint's id,
	// or 0 (the mail relay).
	Lane    int64
	Webhook *Webhook
	Request WebhookRequest
	Mail    *Mail
	// Drop, when set, dead-letters the row unsent with this reason.
	Drop string
}

// OutboundResult is what became of one delivery.
type OutboundResult struct {
	Outbound *Outbound
	Status   int   // HTTP status of a webhook answer
	Err      error // transport, timeout or SMTP error
	// Skipped is the reason a delivery was not sent and is dead-lettered.
	Skipped string
	// Released gives the lease back unsent and uncounted (shutdown).
	Released bool
}

// OK reports a delivery the receiver accepted.
func (r OutboundResult) OK() bool {
	if r.Skipped != "" || r.Released || r.Err != nil {
		return false
	}
	return r.Outbound.Msg.Topic != WebhookTopic || r.Status >= 200 && r.Status < 300
}

func (r OutboundResult) reason() string {
	s := fmt.Sprintf("HTTP %d", r.Status)
	if r.Err != nil {
		s = r.Err.Error()
	}
	if len(s) > maxErrorLength {
		s = s[:maxErrorLength]
	}
	return s
}

// LaneLimits are the limits of every lane of a topic.
type LaneLimits struct {
	Concurrency int
	Timeout     time.Duration
	// Depth is how many rows per concurrent slot one claim gives a lane.
	Depth int
}

// LaneLimits returns the limits of topic's lanes.
func (pub *Publisher) LaneLimits(topic string) LaneLimits {
	if topic == EmailTopic {
		return LaneLimits{Concurrency: EmailConcurrency, Timeout: EmailTimeout, Depth: mailDepth}
	}
	return LaneLimits{Concurrency: pub.Config.concurrency(), Timeout: pub.Config.timeout(), Depth: laneDepth}
}

// lease is how long a claimed lane may take: its rows sent concurrency at
// a time, each within the timeout.
func (l LaneLimits) lease() time.Duration {
	return time.Duration(l.Depth)*l.Timeout + leaseMargin
}

// ClaimOutbound leases at most limit due deliveries of topic, leaving out
// the lanes in busy (this engine is still sending them). Each lane gets at
// most concurrency × laneDepth rows, the oldest first.
func (pub *Publisher) ClaimOutbound(ctx context.Context, topic string, limit int, busy []int64) ([]*Outbound, error) {
	l := pub.LaneLimits(topic)
	q := LeaseQuery{Topic: topic, Limit: limit, PerEntity: l.Concurrency * l.Depth, Exclude: busy}
	switch topic {
	case WebhookTopic:
	case EmailTopic:
		// One lane (the relay): no claim while it is busy.
		if pub.Config.Mailer == nil || slices.Contains(busy, 0) {
			return nil, nil
		}
		q.PerEntity, q.Limit, q.Exclude = 0, min(limit, l.Concurrency*l.Depth), nil
	default:
		return nil, fmt.Errorf("domain: no deliveries on topic %q", topic)
	}
	now, err := pub.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	q.Now, q.Until = now, now.Add(l.lease())
	msgs, err := pub.Store.LeaseOutbox(ctx, q)
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	if topic == EmailTopic {
		return pub.mailDeliveries(ctx, msgs)
	}
	return pub.webhookDeliveries(ctx, msgs, now)
}

func (pub *Publisher) mailDeliveries(ctx context.Context, msgs []*OutboxMessage) ([]*Outbound, error) {
	out := make([]*Outbound, 0, len(msgs))
	for _, msg := range msgs {
		d := &Outbound{Msg: msg}
		n, to, err := pub.Store.FindNotificationMail(ctx, msg.EntityID)
		switch {
		case kernel.ErrorCode(err) == kernel.ENOTFOUND:
			d.Drop = "notification not found"
		case err != nil:
			return nil, err
		default:
			d.Mail = &Mail{To: to, Subject: n.Title, Body: n.Title + "\n\n" + n.Body + "\n"}
		}
		out = append(out, d)
	}
	return out, nil
}

// SendOutbound sends one delivery within its lane's timeout. It holds no
// transaction: the result is recorded later with RecordOutbound.
func (pub *Publisher) SendOutbound(ctx context.Context, d *Outbound) OutboundResult {
	if d.Drop != "" {
		return OutboundResult{Outbound: d, Skipped: d.Drop}
	}
	ctx, cancel := context.WithTimeout(ctx, pub.LaneLimits(d.Msg.Topic).Timeout)
	defer cancel()
	r := OutboundResult{Outbound: d}
	switch {
	case d.Mail != nil && pub.Config.Mailer != nil:
		r.Err = pub.Config.Mailer.Send(ctx, d.Mail.To, d.Mail.Subject, d.Mail.Body)
	case d.Mail != nil:
		r.Err = errors.New("no mailer configured")
	case pub.Config.Sender != nil:
		r.Status, r.Err = pub.Config.Sender.Send(ctx, d.Request)
	default:
		r.Err = errors.New("no webhook sender configured")
	}
	return r
}

// LaneGivesUp reports whether the rest of a lane is dropped unsent: its
// endpoint has failed so many times in a row that it is being disabled.
func (pub *Publisher) LaneGivesUp(d *Outbound, failures int) bool {
	return d.Webhook != nil && failures >= pub.Config.disableAfter()
}

// RecordOutbound records what became of the deliveries in one short
// transaction: accepted rows are done; failed ones are retried with the
// outbox backoff or dead-lettered after the configured attempts; skipped
// ones are dead-lettered; released ones are due again at once. Endpoints
// count consecutive failures and are disabled at the configured limit.
func (pub *Publisher) RecordOutbound(ctx context.Context, results []OutboundResult) error {
	if len(results) == 0 {
		return nil
	}
	return pub.InTx(ctx, func(s Store) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		outcomes := make([]OutboxOutcome, 0, len(results))
		var endpoints []int64
		for _, r := range results {
			msg := r.Outbound.Msg
			o := OutboxOutcome{ID: msg.ID, Attempts: msg.Attempts}
			switch {
			case r.Released:
				o.Release = true
			case r.Skipped != "":
				o.Done, o.Dead, o.LastError = true, true, r.Skipped
			case r.OK():
				o.Done = true
			default:
				o.Attempts++
				o.LastError = r.reason()
				if o.Attempts >= pub.Config.maxAttempts() {
					o.Done, o.Dead = true, true
				} else {
					o.NextAttemptAt = now.Add(OutboxBackoff(o.Attempts))
				}
			}
			outcomes = append(outcomes, o)
			if r.Outbound.Webhook != nil && !r.Released && r.Skipped == "" && !slices.Contains(endpoints, r.Outbound.Lane) {
				endpoints = append(endpoints, r.Outbound.Lane)
			}
		}
		if err := s.SettleOutbox(ctx, outcomes, now); err != nil {
			return err
		}
		return pub.countEndpointFailures(ctx, s, endpoints, results)
	})
}

// countEndpointFailures applies the results to their endpoints in order:
// an accepted delivery resets the count of consecutive failures, a failed
// one adds to it, and the limit disables the endpoint.
func (pub *Publisher) countEndpointFailures(ctx context.Context, s Store, ids []int64, results []OutboundResult) error {
	if len(ids) == 0 {
		return nil
	}
	ws, err := s.FindWebhooksByIDs(ctx, ids, true)
	if err != nil {
		return err
	}
	for _, w := range ws {
		before := *w
		for _, r := range results {
			if r.Outbound.Lane != w.ID || r.Outbound.Webhook == nil || r.Released || r.Skipped != "" {
				continue
			}
			if r.OK() {
				w.Failures = 0
				continue
			}
			w.Failures++
			if w.Failures >= pub.Config.disableAfter() && w.Status == "active" {
				w.Status, w.DisabledReason = "disabled", fmt.Sprintf("%d consecutive failed deliveries; last: %s", w.Failures, r.reason())
			}
		}
		if w.Failures != before.Failures || w.Status != before.Status {
			if err := s.UpdateWebhook(ctx, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// PruneDeliveriesJob deletes delivered and dead webhook and e-mail rows
// after the delivery log's retention.
func (pub *Publisher) PruneDeliveriesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	n := 0
	for _, topic := range []string{WebhookTopic, EmailTopic} {
		k, err := s.PruneOutbox(ctx, topic, now.Add(-deliveryLogRetention))
		if err != nil {
			return 0, err
		}
		n += k
	}
	return n, nil
}
