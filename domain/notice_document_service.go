package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// Notices builds the notice's use cases (its documents and amendments)
// from the Marketplace's current fields.
func (m *Marketplace) Notices() *market.Notices {
	return &market.Notices{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.NoticeTx { return noticeTx{marketTx{s, m.OpenData.Mailer != nil}} }),
		Files: m.Files, Typer: m.Typer, AmendmentMinRemaining: m.Periods.AmendmentMinRemaining}
}

// noticeTx is an amendment's view of a transaction: marketTx with the
// catalogue's check of the amended terms.
type noticeTx struct{ marketTx }

// CheckProjectCatalogue checks p's terms against its catalogue item
// (checkProjectCatalogue, project_service.go).
func (t noticeTx) CheckProjectCatalogue(ctx context.Context, p *market.Project, now time.Time) error {
	return checkProjectCatalogue(ctx, t.Store, p, now)
}
