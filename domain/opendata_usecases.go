package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// Publisher builds the open-data service from Marketplace's fields on each
// call (main and the tests set those fields after NewMarketplace).
func (m *Marketplace) Publisher() *opendata.Publisher {
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
func (m *Marketplace) publicView(p *market.Project) *market.Project {
	return m.Projects().View(p)
}

func (m *Marketplace) ocidPrefix() string {
	if m.OpenData.OCIDPrefix != "" {
		return m.OpenData.OCIDPrefix
	}
	return market.OCIDPrefix
}

// notify writes n for every recipient in the caller's transaction and,
// with a mailer, queues its e-mails (opendata.Notify).
func (m *Marketplace) notify(ctx context.Context, s Store, n *opendata.Notification, to []int64) (int, error) {
	return opendata.Notify(ctx, s, m.OpenData.Mailer != nil, n, to)
}

func (m *Marketplace) DispatchEventsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Publisher().DispatchEventsJob(ctx, s, now)
}

func (m *Marketplace) ClosingSoonJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Publisher().ClosingSoonJob(ctx, s, now)
}

func (m *Marketplace) PruneDeliveriesJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Publisher().PruneDeliveriesJob(ctx, s, now)
}
