package domain

import (
	"context"
	"time"

	"marketplace/domain/credit"
)

// The credit use cases live in domain/credit (credit.Bureau); these are
// Marketplace's forwarders, so that api/, web/, jobs/ and the lifecycle
// keep calling the same methods. The bureau is built per call: main and
// the tests set Marketplace's fields after NewMarketplace.

func (m *Marketplace) creditBureau() *credit.Bureau { return creditBureauOver(m.Store) }

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
func (m *Marketplace) RecordCreditEvent(ctx context.Context, s Store, ev CreditEvent) error {
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

// RecomputeCredit runs the full recompute now (credit.Bureau.Recompute).
func (m *Marketplace) RecomputeCredit(ctx context.Context) (int, error) {
	return m.creditBureau().Recompute(ctx)
}

// RefreshCreditSearchBatch is the job refresh_credit_search
// (credit.RefreshSearchBatch).
func (m *Marketplace) RefreshCreditSearchBatch(ctx context.Context, s Store, _ time.Time) (int, bool, error) {
	return credit.RefreshSearchBatch(ctx, s)
}

// GetAgencyCredit returns an agency's public credit record.
func (m *Marketplace) GetAgencyCredit(ctx context.Context, actor Actor, agencyID int64) (*AgencyCredit, error) {
	return m.creditBureau().AgencyCredit(ctx, actor, agencyID)
}

// CreditEventsOf returns the credit events appeals or repairs refer to.
func (m *Marketplace) CreditEventsOf(ctx context.Context, actor Actor, ids []int64) (map[int64]*CreditEvent, error) {
	return m.creditBureau().EventsOf(ctx, actor, ids)
}

// AppealCreditEvent lets an agency appeal one of its own deductions, once.
func (m *Marketplace) AppealCreditEvent(ctx context.Context, actor Actor, eventID int64, reason string) (*Appeal, error) {
	return m.creditBureau().AppealEvent(ctx, actor, eventID, reason)
}

// DecideAppeal is an admin's decision on an appeal.
func (m *Marketplace) DecideAppeal(ctx context.Context, actor Actor, id int64, upheld bool, reason string) (*Appeal, error) {
	return m.creditBureau().DecideAppeal(ctx, actor, id, upheld, reason)
}

// ListAppeals lists credit appeals for the admin who decides them.
func (m *Marketplace) ListAppeals(ctx context.Context, actor Actor, status string, p Page) (List[*Appeal], error) {
	return m.creditBureau().ListAppeals(ctx, actor, status, p)
}

// ApplyCreditRepair lets an agency apply to repair one of its deductions.
func (m *Marketplace) ApplyCreditRepair(ctx context.Context, actor Actor, eventID int64, evidence string) (*Repair, error) {
	return m.creditBureau().ApplyRepair(ctx, actor, eventID, evidence)
}

// DecideCreditRepair is a department's or an admin's decision on a repair.
func (m *Marketplace) DecideCreditRepair(ctx context.Context, actor Actor, id int64, granted bool, reason string) (*Repair, error) {
	return m.creditBureau().DecideRepair(ctx, actor, id, granted, reason)
}

// ListCreditRepairs lists repair applications for departments and admins.
func (m *Marketplace) ListCreditRepairs(ctx context.Context, actor Actor, status string, p Page) (List[*Repair], error) {
	return m.creditBureau().ListRepairs(ctx, actor, status, p)
}

// GetCreditMonitor returns the departments' credit monitor.
func (m *Marketplace) GetCreditMonitor(ctx context.Context, actor Actor, f MonitorFilter) (*CreditMonitor, error) {
	return m.creditBureau().Monitor(ctx, actor, f)
}

// ExportCreditRows returns the credit monitor's CSV lines.
func (m *Marketplace) ExportCreditRows(ctx context.Context, actor Actor, f MonitorFilter) ([]*CreditRow, error) {
	return m.creditBureau().ExportRows(ctx, actor, f)
}

// ListSanctions lists current suspensions or the blacklist (public).
func (m *Marketplace) ListSanctions(ctx context.Context, status string, p Page) (List[*Sanction], error) {
	return m.creditBureau().ListSanctions(ctx, status, p)
}

// RecordViolation records a department's violation finding. The
// supervision context converts a case into a violation through it.
func (m *Marketplace) RecordViolation(ctx context.Context, actor Actor, in ViolationInput) (*Violation, error) {
	return m.creditBureau().RecordViolation(ctx, actor, in)
}

// ConfirmViolation confirms a pending violation, which then scores.
func (m *Marketplace) ConfirmViolation(ctx context.Context, actor Actor, id int64) (*Violation, error) {
	return m.creditBureau().ConfirmViolation(ctx, actor, id)
}

// ListViolations lists violations for departments and admins.
func (m *Marketplace) ListViolations(ctx context.Context, actor Actor, f ViolationFilter) (List[*Violation], error) {
	return m.creditBureau().ListViolations(ctx, actor, f)
}

// CreateInspection draws agencies and inspectors (departments only).
func (m *Marketplace) CreateInspection(ctx context.Context, actor Actor, in InspectionInput) (*Inspection, error) {
	return m.creditBureau().CreateInspection(ctx, actor, in)
}

// RecordInspectionResult records pass or fail for one drawn agency.
func (m *Marketplace) RecordInspectionResult(ctx context.Context, actor Actor, id, agencyID int64, result, findings string) (*Inspection, error) {
	return m.creditBureau().RecordInspectionResult(ctx, actor, id, agencyID, result, findings)
}

// GetInspection returns one inspection with its draw and results (public).
func (m *Marketplace) GetInspection(ctx context.Context, id int64) (*Inspection, error) {
	return m.creditBureau().GetInspection(ctx, id)
}

// ListInspections lists inspections, newest first (public).
func (m *Marketplace) ListInspections(ctx context.Context, p Page) (List[*Inspection], error) {
	return m.creditBureau().ListInspections(ctx, p)
}
