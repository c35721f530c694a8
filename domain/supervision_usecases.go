package domain

import (
	"context"
	"time"

	"marketplace/domain/supervision"
)

// The supervision use cases live in package supervision (supervision.Office);
// these forwarders keep Marketplace's method names for api/, web/ and jobs/.

// RiskConfig returns the thresholds in force.
func (m *Marketplace) RiskConfig() RiskConfig {
	if m.Risk != nil {
		return *m.Risk
	}
	return DefaultRiskConfig
}

// office builds the supervision office from the Marketplace's fields (built
// per call: main and tests set them after NewMarketplace). violation, when
// not nil, receives the violation a case conversion records.
func (m *Marketplace) office(violation **Violation) *supervision.Office {
	narrow := func(s Store) supervision.Store { return &officeStore{Store: s, violation: violation} }
	return &supervision.Office{Store: narrow(m.Store), InTx: txOf(m.Store, narrow), Config: m.RiskConfig(),
		MaxViolationReasonRunes: MaxViolationReasonRunes}
}

// officeStore is a Store as the office sees it: its own methods, and what
// it asks of the other contexts (supervision.Neighbours), answered on the
// same store, so inside a transaction on that transaction.
type officeStore struct {
	Store
	violation **Violation
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
func (o *officeStore) PersistentLowPriceFlags(ctx context.Context, now time.Time) ([]RiskFlag, error) {
	return persistentLowPriceFlags(ctx, o.Store, now)
}

// RecordViolation runs the credit violation use case on this store: inside
// the case's transaction the bureau joins the open transaction, so case and
// violation commit together.
func (o *officeStore) RecordViolation(ctx context.Context, actor Actor, r supervision.ViolationRequest) (int64, error) {
	v, err := creditBureauOver(o.Store).RecordViolation(ctx, actor, ViolationInput{AgencyID: r.AgencyID, Kind: r.Kind,
		Severity: Severity(r.Severity), Evidence: r.Evidence, Reason: r.Reason, ProjectID: r.ProjectID})
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
func recordBidEvidence(ctx context.Context, s Store, actor Actor, projectID int64, action string, client BidClient, proposal string, now time.Time) error {
	return supervision.RecordBidEvidence(ctx, s, actor, projectID, action, client, proposal, now)
}

// RiskOnCloseJob analyses the projects closed since the last run (job risk_on_close).
func (m *Marketplace) RiskOnCloseJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.office(nil).RiskOnCloseJob(ctx, &officeStore{Store: s}, now)
}

// RiskHistoryJob recomputes the history indicators (job risk_history).
func (m *Marketplace) RiskHistoryJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.office(nil).RiskHistoryJob(ctx, &officeStore{Store: s}, now)
}

// RiskPurgeJob deletes bid evidence older than the retention period (job risk_purge_evidence).
func (m *Marketplace) RiskPurgeJob(ctx context.Context, s Store, now time.Time) (int, error) {
	return m.office(nil).RiskPurgeJob(ctx, &officeStore{Store: s}, now)
}

// ListRisks lists the flags the actor may see, most severe first.
func (m *Marketplace) ListRisks(ctx context.Context, actor Actor, f RiskFilter) (List[*RiskFlag], error) {
	return m.office(nil).ListRisks(ctx, actor, f)
}

// GetRisk returns one flag with the bid evidence behind it and its cases.
func (m *Marketplace) GetRisk(ctx context.Context, actor Actor, id int64) (*RiskDetail, error) {
	return m.office(nil).GetRisk(ctx, actor, id)
}

// OpenRiskCase opens a case from a visible flag. One open case per flag.
func (m *Marketplace) OpenRiskCase(ctx context.Context, actor Actor, flagID int64, note string) (*RiskCase, error) {
	return m.office(nil).OpenRiskCase(ctx, actor, flagID, note)
}

// GetRiskCase returns a case with its notes to whoever may see its flag.
func (m *Marketplace) GetRiskCase(ctx context.Context, actor Actor, id int64) (*RiskCase, error) {
	return m.office(nil).GetRiskCase(ctx, actor, id)
}

// AddRiskCaseNote appends a note to an open case.
func (m *Marketplace) AddRiskCaseNote(ctx context.Context, actor Actor, id int64, body string) (*RiskCaseNote, error) {
	return m.office(nil).AddRiskCaseNote(ctx, actor, id, body)
}

// CloseRiskCaseUnfounded closes an open case as unfounded.
func (m *Marketplace) CloseRiskCaseUnfounded(ctx context.Context, actor Actor, id int64, reason string) (*RiskCase, error) {
	return m.office(nil).CloseRiskCaseUnfounded(ctx, actor, id, reason)
}

// ConvertInput turns a case into a violation against one of the flagged
// agencies; kind and severity are the credit context's (domain.Severity).
type ConvertInput struct {
	AgencyID int64
	Kind     string // default collusion
	Severity Severity
	Reason   string
}

// ConvertRiskCase closes an open case by recording a violation, in the same
// transaction.
func (m *Marketplace) ConvertRiskCase(ctx context.Context, actor Actor, id int64, in ConvertInput) (*RiskCase, *Violation, error) {
	if in.Kind == "" {
		in.Kind = CreditCollusion
	}
	var v *Violation
	c, err := m.office(&v).ConvertRiskCase(ctx, actor, id,
		supervision.ConvertRequest{AgencyID: in.AgencyID, Kind: in.Kind, Severity: int(in.Severity), Reason: in.Reason})
	if err != nil {
		return nil, nil, err
	}
	return c, v, nil
}
