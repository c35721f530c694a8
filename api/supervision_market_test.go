package api_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
	"marketplace/tools/riskgen"
)

// loadMarket writes a generated market into the database as the lifecycle
// would have left it: accounts, closed projects with their award, bids,
// candidates and bid evidence.
func loadMarket(t *testing.T, app *biddingApp, m *riskgen.Market) {
	t.Helper()
	ctx := context.Background()
	tx, err := app.DB.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, o := range m.Owners {
		role, uscc := domain.RoleEnterprise, any(fmt.Sprintf("91%016d", o.ID))
		if o.Funding == market.FundingBudget {
			role, uscc = domain.RoleDepartment, nil
		}
		exec(`INSERT INTO accounts (id, role, name, uscc, email, region, password_hash) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, 'x')`,
			o.ID, role, fmt.Sprintf("业主%d", o.ID), uscc, fmt.Sprintf("owner%d@example.cn", o.ID), o.Region)
	}
	for _, a := range m.Agencies {
		exec(`INSERT INTO accounts (id, role, name, uscc, legal_representative, contact_phone, email, password_hash) OVERRIDING SYSTEM VALUE
			VALUES ($1, 'agency', $2, $3, $4, $5, $6, 'x')`, a.ID, a.Name, fmt.Sprintf("91%016d", a.ID), a.LegalRepresentative, a.ContactPhone, a.Email)
	}
	closed := app.now.Add(-24 * time.Hour)
	for i, h := range m.History {
		p := m.Projects[i]
		budget, status := "", market.ProjectFailed
		if h.Funding == market.FundingBudget {
			budget = "B-2026-001"
		}
		var awarded sql.NullInt64
		if h.AwardedAgency != 0 {
			awarded, status = sql.NullInt64{Int64: h.AwardedAgency, Valid: true}, market.ProjectAwarded
		}
		exec(`INSERT INTO projects (id, owner_id, title, item_code, region, funding, budget_code, ceiling_fen, method, bidding_closes_at, closes_at,
			service_days, min_bids, status, published_at, closed_at, awarded_agency_id) OVERRIDING SYSTEM VALUE
			VALUES ($1, $2, $3, 'NAT-01', $4, $5, $6, $7, 'lowest_price', $8, $8, 30, 1, $9, $10, $8, $11)`,
			h.ID, h.OwnerID, fmt.Sprintf("合成项目%d", h.ID), h.Region, h.Funding, budget, int64(*h.Ceiling), closed, status, closed.Add(-72*time.Hour), awarded)
		rank := 0
		for j, b := range h.Bids {
			reason := ""
			if b.Status == market.BidInvalid {
				reason = "agency_suspended"
			}
			var bidID int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO bids (project_id, agency_id, price_fen, proposal, service_days, status, invalid_reason, submitted_at, updated_at)
				VALUES ($1, $2, $3, '', 30, $4, $5, $6, $6) RETURNING id`, h.ID, b.AgencyID, int64(b.Price), b.Status, reason, closed.Add(-time.Hour)).Scan(&bidID); err != nil {
				t.Fatal(err)
			}
			if b.Candidate != "" {
				rank++
				exec(`INSERT INTO project_candidates (project_id, rank, bid_id, agency_id, price_fen, status) VALUES ($1, $2, $3, $4, $5, $6)`,
					h.ID, rank, bidID, b.AgencyID, int64(b.Price), b.Candidate)
			}
			for _, e := range p.Bids[j].Evidence {
				exec(`INSERT INTO bid_evidence (project_id, agency_id, account_id, action, client_ip, user_agent, fingerprint, doc_sha256, minhash, text_runes, at)
					VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, h.ID, b.AgencyID, e.Action, e.ClientIP, e.UserAgent, e.Fingerprint,
					e.DocSHA256, e.MinHashHex, e.TextRunes, closed.Add(-time.Hour))
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// TestSupervision_SyntheticMarketEndToEnd loads a generated market with
// planted schemes into the database, runs risk_on_close and risk_history
// as the scheduler would, reads every flag through the API and scores them:
// every planted scheme found, honest agencies wrongly named below 5%.
func TestSupervision_SyntheticMarketEndToEnd(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	// The test scores what the indicators find, not the job deadline: run
	// alone the analysis takes about 1.3 s, but beside the whole suite under
	// the race detector on two cores it has taken over 30 s (the scheduler's
	// default), so the deadline here is generous.
	app.Jobs.Timeout = 5 * time.Minute
	m := riskgen.Generate(riskgen.Default())
	start := time.Now()
	loadMarket(t, app, m)
	loaded := time.Since(start)
	ctx := context.Background()
	start = time.Now()
	for _, job := range []string{"risk_on_close", "risk_history"} {
		if run, err := app.Jobs.RunOnce(ctx, job); err != nil || run.Error != "" {
			t.Fatalf("%s: %v %+v", job, err, run)
		}
	}
	analysed := time.Since(start)
	// risk_history runs nightly: a second run the same day does nothing
	if run, _ := app.Jobs.RunOnce(ctx, "risk_history"); run.Rows != 0 {
		t.Errorf("risk_history ran twice in a day (%d rows)", run.Rows)
	}
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	var flags []supervision.RiskFlag
	for page := 1; ; page++ {
		l := app.risks(admin, fmt.Sprintf("?per_page=200&page=%d", page))
		flags = append(flags, l.Items...)
		if len(flags) >= l.Total || len(l.Items) == 0 {
			break
		}
	}
	scores := m.Evaluate(flags)
	t.Logf("%d projects, %d agencies, %d schemes; loaded in %s, analysed in %s; %d flags\n%s",
		len(m.Projects), len(m.Agencies), len(m.Schemes), loaded.Round(time.Millisecond), analysed.Round(time.Millisecond), len(flags), riskgen.Report(scores))
	for _, s := range scores {
		if s.Recall() < 1 {
			t.Errorf("%s missed %v", s.Indicator, s.Missed)
		}
		if s.HonestFPR() >= 0.05 {
			t.Errorf("%s names %.1f%% of honest agencies", s.Indicator, 100*s.HonestFPR())
		}
	}
	// what the database computed is what the pure functions compute
	if direct := m.Analyse(supervision.DefaultRiskConfig); len(direct) != len(flags) {
		t.Errorf("through the database %d flags, directly %d", len(flags), len(direct))
	}
	if r := app.do("GET", "/api/v1/supervision/risks?indicator=bid_rotation", admin, nil); r.Status != http.StatusOK {
		t.Errorf("rotation list: %d", r.Status)
	}
}
