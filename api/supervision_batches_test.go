package api_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"marketplace/domain/supervision"
)

// TestSupervision_RiskOnCloseKeepsTheBatchesItFinished: risk_on_close
// analyses a backlog of closed projects batch by batch, each batch in a
// transaction of its own. When 1,000 projects closed in one minute under
// bid load, the whole backlog in one transaction ran past the job's 30 s
// timeout and rolled back, every run again, so nothing was ever analysed.
// Here the third project's analysis fails (a trigger refuses its scan
// row): the two batches before it stay, and the next run finishes the
// third. A project whose close committed behind the job's mark (its
// closed_at earlier than projects already analysed) is still analysed.
func TestSupervision_RiskOnCloseKeepsTheBatchesItFinished(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	cfg := supervision.DefaultRiskConfig
	cfg.CloseScanBatch = 1
	app.Market.Risk = &cfg
	_, owner := app.register("enterprise", "某化工有限公司")
	_, tok := app.agency("甲咨询有限公司", "NAT-01")
	var ids []int64
	for range 4 {
		p := app.publishedProject(owner, nil)
		app.bidAs(tok, p.ID, "Browser/1.0", "90000.00", ringProposal)
		ids = append(ids, p.ID)
	}
	// The fourth closes later than the others.
	storagetestExec(t, app.testApp, fmt.Sprintf("UPDATE projects SET bidding_closes_at = bidding_closes_at + interval '1 day', closes_at = closes_at + interval '1 day' WHERE id = %d", ids[3]))
	app.setNow(app.now.Add(3 * time.Hour))
	ctx := context.Background()
	if _, err := app.Jobs.RunOnce(ctx, "close_bidding"); err != nil {
		t.Fatal(err)
	}
	storagetestExec(t, app.testApp, fmt.Sprintf(`CREATE FUNCTION refuse_scan() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'analysis of project %% failed', NEW.project_id; END $$;
		CREATE TRIGGER refuse_scan BEFORE INSERT ON risk_scans FOR EACH ROW WHEN (NEW.project_id = %d) EXECUTE FUNCTION refuse_scan()`, ids[2]))
	scanned := func() int64 { return app.count("SELECT count(*) FROM risk_scans") }

	if run, _ := app.Jobs.RunOnce(ctx, "risk_on_close"); run.Error == "" {
		t.Fatalf("the run should have failed on project %d: %+v", ids[2], run)
	}
	if n := scanned(); n != 2 {
		t.Errorf("after a run that failed on the third project, %d projects analysed; want the 2 batches before it", n)
	}
	storagetestExec(t, app.testApp, "DROP TRIGGER refuse_scan ON risk_scans")
	if run, err := app.Jobs.RunOnce(ctx, "risk_on_close"); err != nil || run.Error != "" {
		t.Fatalf("second run: %v %+v", err, run)
	}
	if n := scanned(); n != 3 {
		t.Errorf("after the second run %d projects analysed, want 3", n)
	}

	// The fourth closes a day later; its close is then moved behind the
	// three analysed ones, as a close that committed late would stand.
	app.setNow(app.now.Add(24 * time.Hour))
	if _, err := app.Jobs.RunOnce(ctx, "close_bidding"); err != nil {
		t.Fatal(err)
	}
	storagetestExec(t, app.testApp, fmt.Sprintf("UPDATE projects SET closed_at = (SELECT closed_at - interval '1 minute' FROM projects WHERE id = %d) WHERE id = %d", ids[0], ids[3]))
	if _, err := app.Jobs.RunOnce(ctx, "risk_on_close"); err != nil {
		t.Fatal(err)
	}
	if n := app.count(fmt.Sprintf("SELECT count(*) FROM risk_scans WHERE project_id = %d", ids[3])); n != 1 {
		t.Errorf("the project that closed behind the mark was not analysed")
	}
}
