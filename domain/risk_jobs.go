package domain

import (
	"context"
	"time"
)

// RiskConfig returns the thresholds in force.
func (m *Marketplace) RiskConfig() RiskConfig {
	if m.Risk != nil {
		return *m.Risk
	}
	return DefaultRiskConfig
}

// recordBidEvidence writes the evidence of one bid action in the bid's own
// transaction: a bid and its evidence commit or fail together.
func recordBidEvidence(ctx context.Context, s Store, actor Actor, projectID int64, action string, client BidClient, proposal string, now time.Time) error {
	return s.CreateBidEvidence(ctx, NewBidEvidence(actor, projectID, action, client, proposal, now))
}

// RiskOnCloseJob analyses every project closed since the last run (job
// risk_on_close): the per-project indicators of AnalyseProject. A project is
// analysed once; the job's advisory lock keeps replicas from doing it twice.
func (m *Marketplace) RiskOnCloseJob(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := m.RiskConfig()
	total := 0
	for {
		ids, err := s.FindProjectsToScan(ctx, cfg.CloseScanBatch)
		if err != nil {
			return total, err
		}
		for _, id := range ids {
			p, err := s.LoadRiskProject(ctx, id)
			if err != nil {
				return total, err
			}
			flags := AnalyseProject(p, cfg)
			n, err := saveFlags(ctx, s, flags, now)
			if err != nil {
				return total, err
			}
			if err := s.MarkProjectScanned(ctx, id, len(flags), now); err != nil {
				return total, err
			}
			total += n + 1
		}
		if len(ids) < cfg.CloseScanBatch {
			return total, nil
		}
	}
}

// RiskHistoryJob recomputes the history indicators over the projects closed
// within cfg.HistoryWindow (job risk_history). The scheduler calls every
// job at its short interval; this one really runs once per cfg.HistoryEvery
// (nightly by default), remembered in a mark.
func (m *Marketplace) RiskHistoryJob(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := m.RiskConfig()
	last, err := s.RiskMark(ctx, "risk_history")
	if err != nil {
		return 0, err
	}
	if !last.IsZero() && now.Sub(last) < cfg.HistoryEvery {
		return 0, nil
	}
	n, err := m.runRiskHistory(ctx, s, now)
	if err != nil {
		return n, err
	}
	return n, s.SetRiskMark(ctx, "risk_history", now)
}

func (m *Marketplace) runRiskHistory(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := m.RiskConfig()
	hs, err := s.LoadRiskHistory(ctx, now.Add(-cfg.HistoryWindow))
	if err != nil {
		return 0, err
	}
	pairs, err := s.FindStagePairHoldings(ctx, now.Add(-cfg.HistoryWindow))
	if err != nil {
		return 0, err
	}
	n, err := saveFlags(ctx, s, append(AnalyseHistory(hs, cfg), DetectStagePairAffiliated(pairs)...), now)
	if err != nil {
		return n, err
	}
	c, err := m.refreshConcentrationFlags(ctx, s, now)
	if err != nil {
		return n + c, err
	}
	l, err := m.refreshLowPriceFlags(ctx, s, now)
	return n + c + l, err
}

// RiskPurgeJob deletes bid evidence older than the retention period (job
// risk_purge_evidence): IP addresses and user agents are not kept longer
// than supervision needs them. Evidence of a project with an open case is
// kept until the case closes.
func (m *Marketplace) RiskPurgeJob(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := m.RiskConfig()
	total := 0
	for {
		n, err := s.PurgeBidEvidence(ctx, now.Add(-cfg.EvidenceRetention), cfg.EvidencePurgeBatch)
		total += n
		if err != nil || n < cfg.EvidencePurgeBatch {
			return total, err
		}
	}
}

func saveFlags(ctx context.Context, s Store, flags []RiskFlag, now time.Time) (int, error) {
	n := 0
	for i := range flags {
		f := &flags[i]
		f.DetectedAt, f.UpdatedAt = now, now
		created, err := s.SaveRiskFlag(ctx, f, now)
		if err != nil {
			return n, err
		}
		if created {
			n++
			if err := s.AppendAudit(ctx, NewAudit(SystemActor, "risk.flagged", "risk_flag", caseSubject(f.ID),
				map[string]any{"indicator": f.Indicator, "severity": f.Severity, "project_id": f.ProjectID})); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
