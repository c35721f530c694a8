package opendata

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// Notification is one message in an account's in-app inbox.
type Notification struct {
	ID        int64      `json:"id"`
	AccountID int64      `json:"-"`
	Kind      string     `json:"kind"`
	Title     string     `json:"title"`
	Body      string     `json:"body"`
	ProjectID *int64     `json:"project_id"`
	EventID   string     `json:"event_id"`
	DedupeKey string     `json:"-"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// ClosingBid is a live bid on a project whose bidding closes soon.
type ClosingBid struct {
	ProjectID int64
	Title     string
	AgencyID  int64
	ClosesAt  time.Time
}

// ClosingSoonWindow is how long before the close an agency with a bid is reminded.
const ClosingSoonWindow = 24 * time.Hour

// ClosingSoonEvery is how often notify_closing_soon runs. Each run reads
// every live bid of the projects in the window to find the bidders not yet
// reminded, which on every one-second tick took the database from the
// closes (docs/performance.md, "eight close runners"). A reminder 24 hours
// ahead loses nothing by coming up to a minute later.
const ClosingSoonEvery = time.Minute

// Notify writes n for every recipient and, when mail is on (a mailer is
// configured), queues one 'email' outbox row per notification actually
// inserted. Other contexts call it inside their own transaction.
func Notify(ctx context.Context, s NotifyStore, mail bool, n *Notification, to []int64) (int, error) {
	if len(to) == 0 {
		return 0, nil
	}
	ids, err := s.CreateNotifications(ctx, n, to)
	if err != nil || !mail {
		return len(ids), err
	}
	for _, id := range ids {
		if err := s.EnqueueOutbox(ctx, &OutboxMessage{OutboxEntry: OutboxEntry{Topic: EmailTopic, Entity: "notification",
			EntityID: id, NextAttemptAt: n.CreatedAt}}); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// Notifications pages the actor's inbox, newest first.
func (pub *Publisher) Notifications(ctx context.Context, actor kernel.Actor, unread bool, p kernel.Page) (kernel.List[*Notification], error) {
	if actor.IsAnonymous() {
		return kernel.List[*Notification]{}, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to read your notifications.")
	}
	if err := p.Normalize(); err != nil {
		return kernel.List[*Notification]{}, err
	}
	items, total, err := pub.Store.FindNotifications(ctx, actor.ID, unread, p)
	if err != nil {
		return kernel.List[*Notification]{}, err
	}
	return kernel.NewList(items, total, p), nil
}

// MarkNotificationsRead marks one notification (id > 0) or all of the
// actor's notifications read, returning how many changed.
func (pub *Publisher) MarkNotificationsRead(ctx context.Context, actor kernel.Actor, id int64) (int, error) {
	if actor.IsAnonymous() {
		return 0, kernel.Errorf(kernel.EUNAUTHORIZED, "login_required", "Log in to read your notifications.")
	}
	var n int
	err := pub.InTx(ctx, func(s Store) error {
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		n, err = s.MarkNotificationsRead(ctx, actor.ID, id, now)
		if err == nil && id > 0 && n == 0 {
			return kernel.Errorf(kernel.ENOTFOUND, "notification_not_found", "You have no notification %d.", id)
		}
		return err
	})
	return n, err
}

// closingDedupePrefix, followed by the project's id, is the dedupe key of
// a closing reminder: one per bidder and project.
const closingDedupePrefix = "closing:"

// ClosingSoonJob reminds every agency with a live bid that bidding closes
// within 24 hours, once per project: an agency that bids after the project
// entered the window is reminded on the next run. It reads only the bidders
// not yet reminded, so a run costs the same few statements however many
// bids wait for their close (it runs every ClosingSoonEvery, since finding
// those bidders reads every live bid in the window), and it writes one
// insert per project for all of that project's new bidders.
// The reminder goes only to the bidder itself: it reveals nothing about
// other bids. The job counts the projects that entered the window, never
// the reminders: its run records, logs and metrics are read by people who
// must not learn how many bids a project has before the close.
func (pub *Publisher) ClosingSoonJob(ctx context.Context, s Store, now time.Time) (int, error) {
	marked, err := s.MarkClosingReminders(ctx, now, now.Add(ClosingSoonWindow), now)
	if err != nil {
		return 0, err
	}
	bids, err := s.FindClosingBids(ctx, now, now.Add(ClosingSoonWindow), closingDedupePrefix)
	if err != nil {
		return 0, err
	}
	for len(bids) > 0 {
		b := bids[0]
		var to []int64
		for len(bids) > 0 && bids[0].ProjectID == b.ProjectID {
			to = append(to, bids[0].AgencyID)
			bids = bids[1:]
		}
		pid := b.ProjectID
		n := &Notification{Kind: "project.closing_soon", Title: "投标即将截止", Body: b.Title + " 截止于 " + b.ClosesAt.UTC().Format(time.RFC3339),
			ProjectID: &pid, DedupeKey: closingDedupePrefix + strconv.FormatInt(b.ProjectID, 10), CreatedAt: now}
		if _, err := Notify(ctx, s, pub.Config.Mailer != nil, n, to); err != nil {
			return 0, err
		}
	}
	return marked, nil
}
