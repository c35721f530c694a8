package domain

import (
	"context"
	"encoding/json"
	"time"
)

// OpenDataStore is the persistence of open data and outbound events:
// OCDS process snapshots, the 'events' / 'webhook' / 'email' topics of the
// transactional outbox, notifications, webhook endpoints and statistics.
type OpenDataStore interface {
	// LoadOCDSProcess reads the public facts of project id (ENOTFOUND when
	// it does not exist or was never published).
	LoadOCDSProcess(ctx context.Context, projectID int64) (*OCDSProcess, error)
	// LoadOCDSProcesses reads the public facts of the published projects
	// among ids at once, by id (those never published are left out).
	LoadOCDSProcesses(ctx context.Context, ids []int64) (map[int64]*OCDSProcess, error)
	// FindOCDSEvents pages the public release events of published projects
	// with since < at < until (zero times: unbounded), ordered by (at, id).
	FindOCDSEvents(ctx context.Context, since, until time.Time, actions []string, p Page) ([]OCDSEventRef, int, error)

	// ClaimOutboxMessages is ClaimOutbox with payloads.
	ClaimOutboxMessages(ctx context.Context, topic string, now time.Time, limit int) ([]*OutboxMessage, error)
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
	FindOutboxByEntity(ctx context.Context, topic, entity string, entityID int64, p Page) ([]*OutboxMessage, int, error)
	// FindDeadLetters pages dead rows of every topic, newest first.
	FindDeadLetters(ctx context.Context, p Page) ([]*OutboxMessage, int, error)
	// FindAuditByID reads one audit row.
	FindAuditByID(ctx context.Context, id int64) (*AuditEntry, error)
	// EventContext reads the parties the event of audit row a concerns.
	EventContext(ctx context.Context, a *AuditEntry) (*EventParties, error)

	// FindClosingBids lists (project, agency) pairs of live bids on projects
	// in bidding whose close falls in (from, to].
	FindClosingBids(ctx context.Context, from, to time.Time) ([]ClosingBid, error)

	CreateWebhook(ctx context.Context, w *Webhook) error
	FindWebhookByID(ctx context.Context, id int64, forUpdate bool) (*Webhook, error)
	// FindWebhooksByIDs reads the endpoints of ids that exist, by id (locked in that order with forUpdate).
	FindWebhooksByIDs(ctx context.Context, ids []int64, forUpdate bool) ([]*Webhook, error)
	// CountWebhooks counts the account's endpoints that are not deleted;
	// lock first locks the account row, serialising registrations.
	CountWebhooks(ctx context.Context, accountID int64, lock bool) (int, error)
	FindWebhooks(ctx context.Context, accountID int64, p Page) ([]*Webhook, int, error)
	// FindWebhookTargets lists active endpoints subscribed to eventType.
	FindWebhookTargets(ctx context.Context, eventType string) ([]*Webhook, error)
	UpdateWebhook(ctx context.Context, w *Webhook) error

	// ComputeStats computes the public statistics at now.
	ComputeStats(ctx context.Context) (*Stats, error)
}

// LeaseQuery selects the rows LeaseOutbox claims: due rows of Topic
// (next_attempt_at ≤ Now, no lease running at Now), oldest first, at most
// Limit, at most PerEntity of one entity (0: no such cap), none of the
// entities in Exclude; leased until Until.
type LeaseQuery struct {
	Topic      string
	Now, Until time.Time
	Limit      int
	PerEntity  int
	Exclude    []int64
}

// OutboxOutcome is what SettleOutbox writes to one leased row: Release
// only ends the lease; otherwise Attempts and LastError are stored and the
// row is done (Dead: dead-lettered) or due again at NextAttemptAt.
type OutboxOutcome struct {
	ID            int64
	Attempts      int
	LastError     string
	NextAttemptAt time.Time
	Done, Dead    bool
	Release       bool
}

// OutboxMessage is an outbox row with its payload.
type OutboxMessage struct {
	OutboxEntry
	Payload json.RawMessage
	Dead    bool
}

// OCDSEventRef is one release event of the feed.
type OCDSEventRef struct {
	AuditID   int64
	ProjectID int64
	Action    string
	At        time.Time
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
	FindNotifications(ctx context.Context, accountID int64, unread bool, p Page) ([]*Notification, int, error)
	// MarkNotificationsRead marks one (id > 0) or all of the account's notifications read.
	MarkNotificationsRead(ctx context.Context, accountID, id int64, now time.Time) (int, error)
	// FindNotificationMail reads a notification with its recipient's address.
	FindNotificationMail(ctx context.Context, id int64) (*Notification, string, error)
}
