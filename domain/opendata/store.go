package opendata

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Store is what the open-data use cases read and write: the outbox topics
// 'events', 'webhook' and 'email', webhook endpoints, notifications, the
// release events of the OCDS feed and the statistics. domain.Store
// implements it (storage.DB); the processes themselves come through
// ProcessLoader, since they carry the market's projects.
type Store interface {
	kernel.Auditor

	// FindOCDSEvents pages the public release events of published projects
	// with since < at < until (zero times: unbounded), ordered by (at, id).
	FindOCDSEvents(ctx context.Context, since, until time.Time, actions []string, p kernel.Page) ([]OCDSEventRef, int, error)
	// FindAuditByID reads one audit row.
	FindAuditByID(ctx context.Context, id int64) (*kernel.AuditEntry, error)
	// EventContext reads the parties the event of audit row a concerns.
	EventContext(ctx context.Context, a *kernel.AuditEntry) (*EventParties, error)
	// FindClosingBids lists (project, agency) pairs of live bids on projects
	// in bidding whose close falls in (from, to], ordered by project, leaving
	// out the agencies that already hold a notification with the dedupe key
	// dedupePrefix followed by the project's id.
	FindClosingBids(ctx context.Context, from, to time.Time, dedupePrefix string) ([]ClosingBid, error)
	// MarkClosingReminders marks every project in bidding whose close falls
	// in (from, to] and is not marked yet, and returns how many it marked.
	MarkClosingReminders(ctx context.Context, from, to, now time.Time) (int, error)
	// ComputeStats computes the public statistics at now.
	ComputeStats(ctx context.Context) (*Stats, error)

	OutboxStore
	WebhookStore
	NotificationStore
}

// OutboxStore is the transactional outbox as the open-data topics use it.
type OutboxStore interface {
	// ClaimOutboxMessages locks up to limit due, undelivered rows of topic
	// (FOR UPDATE SKIP LOCKED), oldest first, with their payloads.
	ClaimOutboxMessages(ctx context.Context, topic string, now time.Time, limit int) ([]*OutboxMessage, error)
	// CompleteOutbox marks rows delivered.
	CompleteOutbox(ctx context.Context, ids []int64, now time.Time) error
	// PruneOutbox deletes rows of topic delivered before t.
	PruneOutbox(ctx context.Context, topic string, before time.Time) (int, error)
	// EnqueueOutbox appends a row (in the caller's transaction).
	EnqueueOutbox(ctx context.Context, m *OutboxMessage) error
	// DeadLetterOutbox gives up on a row: done, dead, with its last error.
	DeadLetterOutbox(ctx context.Context, id int64, attempts int, lastError string, now time.Time) error
	// LeaseOutbox claims due, unleased rows in one statement (FOR UPDATE
	// SKIP LOCKED) and leases them until q.Until; it runs in no transaction
	// of the caller's.
	LeaseOutbox(ctx context.Context, q LeaseQuery) ([]*OutboxMessage, error)
	// SettleOutbox records the outcomes of leased rows and ends their leases.
	SettleOutbox(ctx context.Context, outcomes []OutboxOutcome, now time.Time) error
	// FindOutboxByEntity pages rows of topic for one entity, newest first.
	FindOutboxByEntity(ctx context.Context, topic, entity string, entityID int64, p kernel.Page) ([]*OutboxMessage, int, error)
	// FindDeadLetters pages dead rows of every topic, newest first.
	FindDeadLetters(ctx context.Context, p kernel.Page) ([]*OutboxMessage, int, error)
}

// WebhookStore persists the webhook endpoints.
type WebhookStore interface {
	CreateWebhook(ctx context.Context, w *Webhook) error
	FindWebhookByID(ctx context.Context, id int64, forUpdate bool) (*Webhook, error)
	// FindWebhooksByIDs reads the endpoints of ids that exist, by id (locked in that order with forUpdate).
	FindWebhooksByIDs(ctx context.Context, ids []int64, forUpdate bool) ([]*Webhook, error)
	// CountWebhooks counts the account's endpoints that are not deleted;
	// lock first locks the account row, serialising registrations.
	CountWebhooks(ctx context.Context, accountID int64, lock bool) (int, error)
	FindWebhooks(ctx context.Context, accountID int64, p kernel.Page) ([]*Webhook, int, error)
	// FindWebhookTargets lists active endpoints subscribed to eventType.
	FindWebhookTargets(ctx context.Context, eventType string) ([]*Webhook, error)
	UpdateWebhook(ctx context.Context, w *Webhook) error
}

// NotificationStore persists the in-site notifications (站内消息) and
// reads what their e-mails need.
type NotificationStore interface {
	// CreateNotifications inserts n for every account of the audience,
	// skipping accounts that already have n.DedupeKey, and returns the ids
	// of the rows inserted.
	CreateNotifications(ctx context.Context, n *Notification, accountIDs []int64) ([]int64, error)
	// CreateEachNotification inserts each notification for its AccountID,
	// skipping those an account already has (same DedupeKey), as
	// CreateNotifications does for one notification.
	CreateEachNotification(ctx context.Context, ns []*Notification) error
	FindNotifications(ctx context.Context, accountID int64, unread bool, p kernel.Page) ([]*Notification, int, error)
	// MarkNotificationsRead marks one (id > 0) or all of the account's notifications read.
	MarkNotificationsRead(ctx context.Context, accountID, id int64, now time.Time) (int, error)
	// FindNotificationMail reads a notification with its recipient's address.
	FindNotificationMail(ctx context.Context, id int64) (*Notification, string, error)
}

// NotifyStore is what Notify needs inside another context's transaction.
type NotifyStore interface {
	CreateNotifications(ctx context.Context, n *Notification, accountIDs []int64) ([]int64, error)
	EnqueueOutbox(ctx context.Context, m *OutboxMessage) error
}

// OCDSEventRef is one release event of the feed.
type OCDSEventRef struct {
	AuditID   int64
	ProjectID int64
	Action    string
	At        time.Time
}
