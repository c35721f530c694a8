package domain

import (
	"context"
	"io"
	"time"

	"marketplace/domain/opendata"
)

// publisher builds the open-data service from Marketplace's fields on each
// call (main and the tests set those fields after NewMarketplace).
func (m *Marketplace) publisher() *opendata.Publisher {
	return &opendata.Publisher{
		Store:      m.Store,
		InTx:       txOf(m.Store, func(s Store) opendata.Store { return s }),
		Config:     m.OpenData,
		OCIDPrefix: m.ocidPrefix(),
		Processes:  ocdsProcesses{store: m.Store},
	}
}

// publicView is Project.PublicView with the configured OCDS prefix, so that
// a project's ocid is the same in the API and in the open-data feed.
func (m *Marketplace) publicView(p *Project) *Project {
	return m.projects().View(p)
}

func (m *Marketplace) ocidPrefix() string {
	if m.OpenData.OCIDPrefix != "" {
		return m.OpenData.OCIDPrefix
	}
	return OCIDPrefix
}

// notify writes n for every recipient in the caller's transaction and,
// with a mailer, queues its e-mails (opendata.Notify).
func (m *Marketplace) notify(ctx context.Context, s Store, n *Notification, to []int64) (int, error) {
	return opendata.Notify(ctx, s, m.OpenData.Mailer != nil, n, to)
}

func (m *Marketplace) DispatchEventsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.publisher().DispatchEventsJob(ctx, s, now)
}

func (m *Marketplace) Notifications(ctx context.Context, actor Actor, unread bool, p Page) (List[*Notification], error) {
	return m.publisher().Notifications(ctx, actor, unread, p)
}

func (m *Marketplace) MarkNotificationsRead(ctx context.Context, actor Actor, id int64) (int, error) {
	return m.publisher().MarkNotificationsRead(ctx, actor, id)
}

func (m *Marketplace) ClosingSoonJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.publisher().ClosingSoonJob(ctx, s, now)
}

func (m *Marketplace) OCDSReleases(ctx context.Context, since string, p Page) (*OCDSReleasePackage, error) {
	return m.publisher().OCDSReleases(ctx, since, p)
}

func (m *Marketplace) OCDSRecord(ctx context.Context, ocid string) (*OCDSRecordPackage, error) {
	return m.publisher().OCDSRecord(ctx, ocid)
}

func (m *Marketplace) ExportOCDS(ctx context.Context, create func(month string) (io.WriteCloser, error)) (int, error) {
	return m.publisher().ExportOCDS(ctx, create)
}

func (m *Marketplace) LaneLimits(topic string) LaneLimits { return m.publisher().LaneLimits(topic) }

func (m *Marketplace) ClaimOutbound(ctx context.Context, topic string, limit int, busy []int64) ([]*Outbound, error) {
	return m.publisher().ClaimOutbound(ctx, topic, limit, busy)
}

func (m *Marketplace) SendOutbound(ctx context.Context, d *Outbound) OutboundResult {
	return m.publisher().SendOutbound(ctx, d)
}

func (m *Marketplace) LaneGivesUp(d *Outbound, failures int) bool {
	return m.publisher().LaneGivesUp(d, failures)
}

func (m *Marketplace) RecordOutbound(ctx context.Context, results []OutboundResult) error {
	return m.publisher().RecordOutbound(ctx, results)
}

func (m *Marketplace) PruneDeliveriesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.publisher().PruneDeliveriesJob(ctx, s, now)
}

func (m *Marketplace) Stats(ctx context.Context) (*Stats, error) { return m.publisher().Stats(ctx) }

func (m *Marketplace) CreateWebhook(ctx context.Context, actor Actor, in WebhookInput) (*Webhook, error) {
	return m.publisher().CreateWebhook(ctx, actor, in)
}

func (m *Marketplace) Webhooks(ctx context.Context, actor Actor, p Page) (List[*Webhook], error) {
	return m.publisher().Webhooks(ctx, actor, p)
}

func (m *Marketplace) DeleteWebhook(ctx context.Context, actor Actor, id int64) error {
	return m.publisher().DeleteWebhook(ctx, actor, id)
}

func (m *Marketplace) WebhookDeliveries(ctx context.Context, actor Actor, id int64, p Page) (List[*WebhookDelivery], error) {
	return m.publisher().WebhookDeliveries(ctx, actor, id, p)
}

func (m *Marketplace) DeadLetters(ctx context.Context, actor Actor, p Page) (List[*WebhookDelivery], error) {
	return m.publisher().DeadLetters(ctx, actor, p)
}
