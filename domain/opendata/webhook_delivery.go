package opendata

import (
	"context"
	"strconv"
	"time"
)

// webhookDeliveries prepares leased 'webhook' rows: each row is one event
// for one endpoint, its payload frozen at dispatch, so a retry carries the
// same bytes and event id. Rows of endpoints no longer active are dropped
// (dead-lettered unsent).
func (pub *Publisher) webhookDeliveries(ctx context.Context, msgs []*OutboxMessage, now time.Time) ([]*Outbound, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, msg := range msgs {
		if !seen[msg.EntityID] {
			seen[msg.EntityID] = true
			ids = append(ids, msg.EntityID)
		}
	}
	ws, err := pub.Store.FindWebhooksByIDs(ctx, ids, false)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Webhook, len(ws))
	for _, w := range ws {
		byID[w.ID] = w
	}
	out := make([]*Outbound, 0, len(msgs))
	for _, msg := range msgs {
		d := &Outbound{Msg: msg, Lane: msg.EntityID}
		w := byID[msg.EntityID]
		switch {
		case w == nil:
			d.Drop = "endpoint deleted"
		case w.Status != "active":
			d.Drop = "endpoint " + w.Status
		default:
			d.Webhook = w
			d.Request = pub.webhookRequest(w, msg, now)
		}
		out = append(out, d)
	}
	return out, nil
}

// webhookRequest signs one delivery attempt (SignWebhook).
func (pub *Publisher) webhookRequest(w *Webhook, msg *OutboxMessage, now time.Time) WebhookRequest {
	ts := now.Unix()
	return WebhookRequest{URL: w.URL, Body: msg.Payload, AllowPrivate: pub.Config.AllowPrivateWebhooks, Header: map[string]string{
		"Content-Type":        "application/json",
		"User-Agent":          "zjcs-webhooks/1",
		"X-Event-Id":          "evt_" + strconv.FormatInt(msg.Version, 10),
		"X-Delivery-Id":       strconv.FormatInt(msg.ID, 10),
		"X-Delivery-Attempt":  strconv.Itoa(msg.Attempts + 1),
		"X-Webhook-Timestamp": strconv.FormatInt(ts, 10),
		"X-Webhook-Signature": SignWebhook(w.Secret, ts, msg.Payload),
	}}
}
