package opendata

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Webhook is an HTTPS endpoint an account registered for event types.
type Webhook struct {
	ID             int64     `json:"id"`
	AccountID      int64     `json:"-"`
	URL            string    `json:"url"`
	EventTypes     []string  `json:"event_types"`
	Secret         string    `json:"secret,omitempty"`
	Status         string    `json:"status"`
	Failures       int       `json:"failures"`
	DisabledReason string    `json:"disabled_reason,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

// WebhookInput registers an endpoint. "*" subscribes to every event type.
type WebhookInput struct {
	URL        string   `json:"url"`
	EventTypes []string `json:"event_types"`
}

// WebhookDelivery is one entry of an endpoint's delivery log.
type WebhookDelivery struct {
	ID            int64      `json:"id"`
	WebhookID     int64      `json:"webhook_id"`
	EventID       string     `json:"event_id"`
	EventType     string     `json:"event_type"`
	Status        string     `json:"status"` // pending | delivered | dead
	Attempts      int        `json:"attempts"`
	LastError     string     `json:"last_error"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	CreatedAt     time.Time  `json:"created_at"`
	DoneAt        *time.Time `json:"done_at"`
}

// MaxWebhooksPerAccount caps the endpoints (active or disabled) one
// account may register: every endpoint multiplies the delivery work of
// each event.
const MaxWebhooksPerAccount = 10

// WebhookRequest is one signed delivery attempt.
type WebhookRequest struct {
	URL    string
	Header map[string]string
	Body   []byte
	// AllowPrivate lifts the dial-time target rule (CheckWebhookDial) for
	// development and tests.
	AllowPrivate bool
}

// WebhookSender sends one request and returns the HTTP status. It must
// apply CheckWebhookDial to every address it connects to, follow no
// redirect, and give up when ctx ends (the per-endpoint timeout).
type WebhookSender interface {
	Send(ctx context.Context, req WebhookRequest) (int, error)
}

// SignWebhook is the signature a receiver recomputes: hex HMAC-SHA256 with
// the endpoint secret over "<unix timestamp>.<body>".
func SignWebhook(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// CreateWebhook registers an endpoint for the actor; the secret is shown
// in this answer only.
func (pub *Publisher) CreateWebhook(ctx context.Context, actor kernel.Actor, in WebhookInput) (*Webhook, error) {
	if actor.IsAnonymous() {
		return nil, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to register a webhook.")
	}
	if err := pub.checkWebhookTarget(ctx, in.URL); err != nil {
		return nil, err
	}
	if len(in.EventTypes) == 0 || len(in.EventTypes) > MaxWebhookEventTypes {
		return nil, kernel.FieldError("event_types", "event_types_required", "event_types lists 1 to %d event types (or \"*\" for all).", MaxWebhookEventTypes)
	}
	seen := map[string]bool{}
	var types []string
	for _, t := range in.EventTypes {
		if _, ok := EventTypes[t]; !ok && t != "*" {
			return nil, kernel.FieldError("event_types", "unknown_event_type", "Unknown event type %q; see the list in the API documentation.", t)
		}
		if !seen[t] {
			seen[t] = true
			types = append(types, t)
		}
	}
	var buf [32]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return nil, err
	}
	w := &Webhook{AccountID: actor.ID, URL: in.URL, EventTypes: types, Secret: "whsec_" + hex.EncodeToString(buf[:]), Status: "active"}
	err := pub.InTx(ctx, func(s Store) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		w.CreatedAt = now
		// Counted under a lock on the account, so parallel requests
		// cannot pass the cap together.
		n, err := s.CountWebhooks(ctx, actor.ID, true)
		if err != nil {
			return err
		}
		if n >= MaxWebhooksPerAccount {
			return kernel.Errorf(kernel.ECONFLICT, "webhook_limit", "An account may register at most %d webhooks; delete one first.", MaxWebhooksPerAccount)
		}
		if err := s.CreateWebhook(ctx, w); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "webhook.created", "webhook", strconv.FormatInt(w.ID, 10),
			map[string]any{"url": w.URL, "event_types": types}))
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// Webhooks pages the actor's endpoints (secrets are not shown again).
func (pub *Publisher) Webhooks(ctx context.Context, actor kernel.Actor, p kernel.Page) (kernel.List[*Webhook], error) {
	if actor.IsAnonymous() {
		return kernel.List[*Webhook]{}, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to list your webhooks.")
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Webhook]{}, err
	}
	items, total, err := pub.Store.FindWebhooks(ctx, actor.ID, p)
	if err != nil {
		return kernel.List[*Webhook]{}, err
	}
	for _, w := range items {
		w.Secret = ""
	}
	return kernel.NewList(items, total, p), nil
}

// ownWebhook loads endpoint id if the actor owns it (else ENOTFOUND, so ids
// of other accounts' endpoints are not disclosed).
func ownWebhook(ctx context.Context, s Store, actor kernel.Actor, id int64, lock bool) (*Webhook, error) {
	if actor.IsAnonymous() {
		return nil, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to manage your webhooks.")
	}
	w, err := s.FindWebhookByID(ctx, id, lock)
	if err != nil {
		return nil, err
	}
	if w.AccountID != actor.ID || w.Status == "deleted" {
		return nil, kernel.Errorf(kernel.ENOTFOUND, "webhook_not_found", "You have no webhook %d.", id)
	}
	return w, nil
}

// DeleteWebhook removes an endpoint; its pending deliveries are dropped
// (dead-lettered) by the next delivery run.
func (pub *Publisher) DeleteWebhook(ctx context.Context, actor kernel.Actor, id int64) error {
	return pub.InTx(ctx, func(s Store) error {
		w, err := ownWebhook(ctx, s, actor, id, true)
		if err != nil {
			return err
		}
		w.Status = "deleted"
		if err := s.UpdateWebhook(ctx, w); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "webhook.deleted", "webhook", strconv.FormatInt(id, 10), map[string]any{}))
	})
}

// WebhookDeliveries pages the delivery log of one of the actor's endpoints.
func (pub *Publisher) WebhookDeliveries(ctx context.Context, actor kernel.Actor, id int64, p kernel.Page) (kernel.List[*WebhookDelivery], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*WebhookDelivery]{}, err
	}
	if _, err := ownWebhook(ctx, pub.Store, actor, id, false); err != nil {
		return kernel.List[*WebhookDelivery]{}, err
	}
	msgs, total, err := pub.Store.FindOutboxByEntity(ctx, WebhookTopic, "webhook", id, p)
	if err != nil {
		return kernel.List[*WebhookDelivery]{}, err
	}
	return kernel.NewList(deliveryViews(msgs), total, p), nil
}

// DeadLetters pages the outbox rows that exhausted their attempts (admins).
func (pub *Publisher) DeadLetters(ctx context.Context, actor kernel.Actor, p kernel.Page) (kernel.List[*WebhookDelivery], error) {
	if actor.Role != kernel.RoleAdmin {
		return kernel.List[*WebhookDelivery]{}, kernel.Errorf(kernel.EFORBIDDEN, "admin_only", "Only an admin may read the dead letters.")
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*WebhookDelivery]{}, err
	}
	msgs, total, err := pub.Store.FindDeadLetters(ctx, p)
	if err != nil {
		return kernel.List[*WebhookDelivery]{}, err
	}
	return kernel.NewList(deliveryViews(msgs), total, p), nil
}

func deliveryViews(msgs []*OutboxMessage) []*WebhookDelivery {
	out := make([]*WebhookDelivery, 0, len(msgs))
	for _, msg := range msgs {
		var ev Event
		_ = json.Unmarshal(msg.Payload, &ev)
		d := &WebhookDelivery{ID: msg.ID, WebhookID: msg.EntityID, EventID: ev.ID, EventType: ev.Type, Attempts: msg.Attempts,
			LastError: msg.LastError, CreatedAt: msg.CreatedAt, DoneAt: msg.DoneAt, Status: "pending"}
		switch {
		case msg.Dead:
			d.Status = "dead"
		case msg.DoneAt != nil:
			d.Status = "delivered"
		default:
			t := msg.NextAttemptAt
			d.NextAttemptAt = &t
		}
		if ev.ID == "" { // an e-mail or event row in the dead letters
			d.EventType = msg.Topic
		}
		out = append(out, d)
	}
	return out
}
