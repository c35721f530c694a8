package market_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// evaluatingProject is project 7 of owner 1, closed with method and three
// bids: 21 and 23 valid (23 the cheaper), 22 invalid.
func evaluatingProject(method string, now time.Time) *lifecycleTx {
	return &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, OwnerRole: kernel.RoleEnterprise, Method: method,
		Status: market.ProjectEvaluating, ClosesAt: now.Add(-time.Hour)},
		stage: market.Lifecycle{ProjectID: 7},
		bids: []*market.Bid{
			{ID: 101, ProjectID: 7, AgencyID: 21, Price: 60_000, Status: market.BidValid},
			{ID: 102, ProjectID: 7, AgencyID: 22, Price: 10_000, Status: market.BidInvalid},
			{ID: 103, ProjectID: 7, AgencyID: 23, Price: 50_000, Status: market.BidValid}},
		scores: map[int64]int{21: 90, 23: 80},
		facts:  map[int64]market.AgencyFacts{21: eligibleAgency(21), 23: {AgencyID: 23, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive}},
		now:    now}
}

// TestPostAward_SelectResult: the platform ranks the valid bids of a
// lowest-price project by price, publishes the result with the credit
// scores and opens publicity for the first; a random draw publishes a draw
// that verifies; a project with no valid bid fails; the owner's methods are
// left to the owner.
func TestPostAward_SelectResult(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)

	tx := evaluatingProject(market.MethodLowestPrice, now)
	pa := postAward(tx)
	if err := pa.SelectResult(ctx, tx, &tx.project, &tx.stage, now); err != nil {
		t.Fatal(err)
	}
	r := tx.results[0]
	if r.AgencyID != 23 || len(r.Ranking) != 2 || r.Ranking[0].CreditScore == nil || *r.Ranking[0].CreditScore != 80 || r.Draw != nil {
		t.Errorf("the lowest-price result: %+v", r)
	}
	if tx.project.Status != market.ProjectPublicity || tx.stage.AwardedAgencyID == nil || *tx.stage.AwardedAgencyID != 23 ||
		len(tx.candidates) != 2 || tx.candidates[0].Status != market.CandidateSelected {
		t.Errorf("after the result: status %s, stage %+v, candidates %d", tx.project.Status, tx.stage, len(tx.candidates))
	}

	tx = evaluatingProject(market.MethodRandomDraw, now)
	if err := postAward(tx).SelectResult(ctx, tx, &tx.project, &tx.stage, now); err != nil {
		t.Fatal(err)
	}
	if d := tx.results[0].Draw; d == nil || market.VerifyDraw(*d) != nil || len(d.Order) != 2 || tx.results[0].Ranking[0].CreditScore != nil {
		t.Errorf("the random draw's result: %+v", tx.results[0])
	}

	tx = evaluatingProject(market.MethodLowestPrice, now)
	tx.bids = tx.bids[1:2]
	if err := postAward(tx).SelectResult(ctx, tx, &tx.project, &tx.stage, now); err != nil {
		t.Fatal(err)
	}
	if tx.project.Status != market.ProjectFailed || len(tx.results) != 0 || tx.audits[0] != "project.failed" {
		t.Errorf("no valid bid: status %s, results %d, audits %v", tx.project.Status, len(tx.results), tx.audits)
	}

	tx = evaluatingProject(market.MethodComposite, now)
	if err := postAward(tx).SelectResult(ctx, tx, &tx.project, &tx.stage, now); err != nil || len(tx.results) != 0 {
		t.Errorf("the job ranked a composite project: %v, %d results", err, len(tx.results))
	}
}

// TestPostAward_Select: the owner's direct pick must be a valid offer by an
// agency still eligible; anyone else is refused, and the refusal is
// audited on its own; the pick becomes the only candidate.
func TestPostAward_Select(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	tx := evaluatingProject(market.MethodDirect, now)
	pa := postAward(tx)
	owner := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}

	if _, err := pa.Select(ctx, kernel.Actor{ID: 5, Role: kernel.RoleDepartment}, 7, market.SelectionInput{AgencyID: 21}); err != market.ErrDesignationBanned {
		t.Errorf("a department picked for an enterprise: %v", err)
	}
	if len(tx.audits) != 1 || tx.audits[0] != "selection.refused" {
		t.Errorf("the refusal's audit: %v", tx.audits)
	}
	for name, in := range map[string]market.SelectionInput{
		"an invalid bid":       {AgencyID: 22},
		"an ineligible agency": {AgencyID: 23},
		"scores":               {AgencyID: 21, Scores: []market.TechnicalScore{{BidID: 101, Score: 90}}},
	} {
		if _, err := pa.Select(ctx, owner, 7, in); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if len(tx.audits) != 1 || len(tx.results) != 0 || len(tx.candidates) != 0 {
		t.Fatalf("refused picks wrote: audits %v, results %d, candidates %d", tx.audits, len(tx.results), len(tx.candidates))
	}
	p, err := pa.Select(ctx, owner, 7, market.SelectionInput{AgencyID: 21})
	if err != nil || p.Status != market.ProjectPublicity {
		t.Fatalf("the owner's pick: %+v, %v", p, err)
	}
	if len(tx.candidates) != 1 || tx.candidates[0].AgencyID != 21 || tx.results[0].AgencyID != 21 {
		t.Errorf("the pick's candidates %+v, result %+v", tx.candidates, tx.results[0])
	}
}
