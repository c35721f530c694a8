package domain

import (
	"context"
	"time"

	"marketplace/domain/credit"
	"marketplace/domain/supervision"
)

// The supervision use cases live in package supervision (supervision.Office):
// callers reach them through Marketplace.Supervision; the jobs below keep
// their names in the scheduler's table.

// RiskConfig returns the thresholds in force.
func (m *Marketplace) RiskConfig() supervision.RiskConfig {
	if m.Risk != nil {
		return *m.Risk
	}
	return supervision.DefaultRiskConfig
}

// office builds the supervision office from the Marketplace's fields (built
// per call: main and tests set them after NewMarketplace). violation, when
// not nil, receives the violation a case conversion records.
func (m *Marketplace) office(violation **credit.Violation) *supervision.Office {
	narrow := func(s Store) supervision.Store { return &officeStore{Store: s, violation: violation} }
	return &supervision.Office{Store: narrow(m.Store), InTx: txOf(m.Store, narrow), Config: m.RiskConfig(),
		MaxViolationReasonRunes: credit.MaxViolationReasonRunes}
}

// Supervision is the supervision office over the marketplace's store.
func (m *Marketplace) Supervision() *supervision.Office { return m.office(nil) }

// officeStore is a Store as the office sees it: its own methods, and what
// it asks of the other contexts (supervision.Neighbours), answered on the
// same store, so inside a transaction on that transaction.
type officeStore struct {
	Store
	violation **credit.Violation
}

// AccountRegion is an account's region (a department's remit).
func (o *officeStore) AccountRegion(ctx context.Context, accountID int64) (string, error) {
	acc, err := o.Store.FindAccountByID(ctx, accountID)
	if err != nil {
		return "", err
	}
	return acc.Region, nil
}

// PersistentLowPriceFlags are the low-price rules' flags.
func (o *officeStore) PersistentLowPriceFlags(ctx context.Context, now time.Time) ([]supervision.RiskFlag, error) {
	return persistentLowPriceFlags(ctx, o.Store, now)
}

// RecordViolation runs the credit violation use case on this store: inside
// the case's transaction the bureau joins the open transaction, so case and
// violation commit together.
func (o *officeStore) RecordViolation(ctx context.Context, actor Actor, r supervision.ViolationRequest) (int64, error) {
	v, err := creditBureauOver(o.Store).RecordViolation(ctx, actor, credit.ViolationInput{AgencyID: r.AgencyID, Kind: r.Kind,
		Severity: credit.Severity(r.Severity), Evidence: r.Evidence, Reason: r.Reason, ProjectID: r.ProjectID})
	if err != nil {
		return 0, err
	}
	if o.violation != nil {
		*o.violation = v
	}
	return v.ID, nil
}

// recordBidEvidence writes the evidence of one bid action in the bid's own
// transaction: a bid and its evidence commit or fail together.
func recordBidEvidence(ctx context.Context, s Store, actor Actor, projectID int64, action string, client supervision.BidClient, proposal string, now time.Time) error {
	return supervision.RecordBidEvidence(ctx, s, actor, projectID, action, client, proposal, now)
}

// RiskOnCloseBatch analyses the next batch of closed projects (job risk_on_close).
func (m *Marketplace) RiskOnCloseBatch(ctx context.Context, s Store, now time.Time) (int, bool, error) {
	return m.Supervision().RiskOnCloseBatch(ctx, &officeStore{Store: s}, now)
}

// RiskHistoryJob recomputes the history indicators (job risk_history).
func (m *Marketplace) RiskHistoryJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Supervision().RiskHistoryJob(ctx, &officeStore{Store: s}, now)
}

// RiskPurgeJob deletes bid evidence older than the retention period (job risk_purge_evidence).
func (m *Marketplace) RiskPurgeJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.Supervision().RiskPurgeJob(ctx, &officeStore{Store: s}, now)
}

// ConvertInput turns a case into a violation against one of the flagged
// agencies; kind and severity are the credit context's (domain.Severity).
type ConvertInput struct {
	AgencyID int64
	Kind     string // default collusion
	Severity credit.Severity
	Reason   string
}

// ConvertRiskCase closes an open case by recording a violation, in the same
// transaction.
func (m *Marketplace) ConvertRiskCase(ctx context.Context, actor Actor, id int64, in ConvertInput) (*supervision.RiskCase, *credit.Violation, error) {
	if in.Kind == "" {
		in.Kind = credit.KindCollusion
	}
	var v *credit.Violation
	c, err := m.office(&v).ConvertRiskCase(ctx, actor, id,
		supervision.ConvertRequest{AgencyID: in.AgencyID, Kind: in.Kind, Severity: int(in.Severity), Reason: in.Reason})
	if err != nil {
		return nil, nil, err
	}
	return c, v, nil
}
