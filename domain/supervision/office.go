package supervision

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// Office is the supervision use cases: risk flags, the jobs that raise
// them, and the cases departments open on them. Domain builds one per call
// from the Marketplace's fields (tests and main set those after start-up).
type Office struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a use case's writes in one transaction.
	InTx kernel.TxFunc[Store]
	// Config is the thresholds in force.
	Config RiskConfig
	// MaxViolationReasonRunes bounds a conversion's reason as the credit
	// context bounds a violation's (checked here first, to name the field).
	MaxViolationReasonRunes int
}

// RecordBidEvidence writes the evidence of one bid action in the bid's own
// transaction: a bid and its evidence commit or fail together.
func RecordBidEvidence(ctx context.Context, s RiskStore, actor kernel.Actor, projectID int64, action string, client BidClient, proposal string, now time.Time) error {
	return s.CreateBidEvidence(ctx, NewBidEvidence(actor, projectID, action, client, proposal, now))
}

// closeScanMark names risk_on_close's mark: the newest close it analysed.
const closeScanMark = "risk_on_close"

// CloseScanSlack is how far behind its mark risk_on_close looks again for
// projects not yet analysed. A close stamps closed_at with the clock read
// when its transaction starts and may commit up to a job's or a request's
// timeout later (seconds), so a project can become visible behind closes
// already analysed; an hour is far beyond any transaction the platform
// lets run.
const CloseScanSlack = time.Hour

// RiskOnCloseBatch analyses the next batch of closed projects (job
// risk_on_close): the per-project indicators of AnalyseProject, for up to
// CloseScanBatch projects, oldest close first, in the caller's transaction.
// The scheduler commits each batch, so a backlog (a thousand projects
// closing in one minute) is worked off batch by batch: a run that times out
// keeps the batches it finished. It looks only at projects closed since
// its mark less CloseScanSlack, so a run costs the same whatever the number
// of projects closed in earlier years. A project is analysed once; the
// job's advisory lock keeps replicas from doing it twice. more reports a
// full batch.
func (o *Office) RiskOnCloseBatch(ctx context.Context, s Store, now time.Time) (n int, more bool, err error) {
	cfg := o.Config
	mark, err := s.RiskMark(ctx, closeScanMark)
	if err != nil {
		return 0, false, err
	}
	since := mark
	if !mark.IsZero() {
		since = mark.Add(-CloseScanSlack)
	}
	due, err := s.FindProjectsToScan(ctx, since, cfg.CloseScanBatch)
	if err != nil {
		return 0, false, err
	}
	newest := mark
	for _, c := range due {
		p, err := s.LoadRiskProject(ctx, c.ID)
		if err != nil {
			return n, false, err
		}
		flags := AnalyseProject(p, cfg)
		saved, err := saveFlags(ctx, s, flags, now)
		if err != nil {
			return n, false, err
		}
		if err := s.MarkProjectScanned(ctx, c.ID, len(flags), now); err != nil {
			return n, false, err
		}
		n += saved + 1
		if c.ClosedAt.After(newest) {
			newest = c.ClosedAt
		}
	}
	// Every project closed before the batch's newest close is analysed now
	// (the batch took the oldest from since on), so the mark moves there.
	if newest.After(mark) {
		if err := s.SetRiskMark(ctx, closeScanMark, newest); err != nil {
			return n, false, err
		}
	}
	return n, len(due) == cfg.CloseScanBatch, nil
}

// RiskHistoryJob recomputes the history indicators over the projects closed
// within cfg.HistoryWindow (job risk_history). The scheduler calls every
// job at its short interval; this one really runs once per cfg.HistoryEvery
// (nightly by default), remembered in a mark.
func (o *Office) RiskHistoryJob(ctx context.Context, s Store, now time.Time) (int, error) {
	last, err := s.RiskMark(ctx, "risk_history")
	if err != nil {
		return 0, err
	}
	if !last.IsZero() && now.Sub(last) < o.Config.HistoryEvery {
		return 0, nil
	}
	n, err := o.runRiskHistory(ctx, s, now)
	if err != nil {
		return n, err
	}
	return n, s.SetRiskMark(ctx, "risk_history", now)
}

func (o *Office) runRiskHistory(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := o.Config
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
	c, err := refreshConcentrationFlags(ctx, s, now)
	if err != nil {
		return n + c, err
	}
	l, err := refreshLowPriceFlags(ctx, s, now)
	return n + c + l, err
}

// refreshLowPriceFlags saves the flags of the low-price rules (part of the
// risk_history job).
func refreshLowPriceFlags(ctx context.Context, s Store, now time.Time) (int, error) {
	flags, err := s.PersistentLowPriceFlags(ctx, now)
	if err != nil {
		return 0, err
	}
	return saveFlags(ctx, s, flags, now)
}

// RiskPurgeJob deletes bid evidence older than the retention period (job
// risk_purge_evidence): IP addresses and user agents are not kept longer
// than supervision needs them. Evidence of a project with an open case is
// kept until the case closes.
func (o *Office) RiskPurgeJob(ctx context.Context, s Store, now time.Time) (int, error) {
	cfg := o.Config
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
			if err := s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "risk.flagged", "risk_flag", caseSubject(f.ID),
				map[string]any{"indicator": f.Indicator, "severity": f.Severity, "project_id": f.ProjectID})); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}
