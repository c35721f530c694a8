package domain

import (
	"context"
	"time"

	"marketplace/domain/credit"
)

// The credit use cases live in domain/credit (credit.Bureau); callers reach
// them through Marketplace.Credit, and the jobs below keep their names in
// the scheduler's table. The bureau is built per call: main and the tests
// set Marketplace's fields after NewMarketplace.

// Credit is the credit bureau over the marketplace's store.
func (m *Marketplace) Credit() *credit.Bureau { return creditBureauOver(m.Store) }

// creditBureauOver is the bureau over store. Over a transaction's store its
// InTx joins that transaction, so another context's use case (a risk case
// converted into a violation) commits with the credit change it makes.
func creditBureauOver(store Store) *credit.Bureau {
	return &credit.Bureau{Store: store, InTx: txOf(store, creditTx), Commitments: creditCommitments{store}}
}

// creditTx is a transaction as credit sees it: the store, with the
// confirmation queue and the catalogue bound to the same transaction.
func creditTx(s Store) credit.Tx {
	return credit.Tx{Store: s, Confirmations: creditConfirmations{s}, Catalogue: creditCatalogue{s}}
}

// RecordCreditEvent records ev in the open transaction s. The lifecycle
// calls credit.RecordEvent itself; the demo data and the tests call this.
func (m *Marketplace) RecordCreditEvent(ctx context.Context, s Store, ev credit.Event) error {
	return credit.RecordEvent(ctx, s, &ev)
}

// LiftSuspensionsJob is the job lift_suspensions (credit.LiftSuspensions).
func (m *Marketplace) LiftSuspensionsJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return credit.LiftSuspensions(ctx, s, now)
}

// RecomputeCreditJob is the job recompute_credit (credit.RecomputeWhenDue).
func (m *Marketplace) RecomputeCreditJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return credit.RecomputeWhenDue(ctx, s, now)
}

// RefreshCreditSearchBatch is the job refresh_credit_search
// (credit.RefreshSearchBatch).
func (m *Marketplace) RefreshCreditSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	return credit.RefreshSearchBatch(ctx, s)
}
