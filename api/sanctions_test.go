package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
)

// Blacklisting (联合惩戒) and suspension are read by the bidding rules
// themselves: a blacklisted agency is refused on every department's
// projects (and on enterprises'), and a sanction whose period has ended no
// longer bars the agency, even before the reinstatement job has run.
func TestSanctions_BlockBiddingEverywhere(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ecoToken := app.staff(domain.RoleDepartment, "某市生态环境局")
	_, landToken := app.staff(domain.RoleDepartment, "某市自然资源和规划局")
	_, entToken := app.register("enterprise", "联合惩戒测试企业有限公司")
	colluderID, colluderToken := app.agency("串标测试中介有限公司", "NAT-01")
	app.agency("同行测试中介有限公司", "NAT-01") // department projects need two agencies that could bid

	budget := func(code string) map[string]any {
		return map[string]any{"budget_code": code, "min_bids": 2}
	}
	projects := []projectJSON{
		app.publishedProject(ecoToken, budget("2026-ECO-001")),
		app.publishedProject(landToken, budget("2026-LAND-001")),
		app.publishedProject(entToken, nil),
	}
	bid := map[string]any{"price": "80000.00", "proposal": "方案", "service_days": 20}
	if r := app.do("PUT", bidPath(projects[0].ID), colluderToken, bid); r.Status != http.StatusOK && r.Status != http.StatusCreated {
		t.Fatalf("bid before the sanction: %d %s", r.Status, r.Body)
	}

	r := app.do("POST", "/api/v1/violations", landToken, map[string]any{"agency_id": colluderID, "kind": "collusion",
		"evidence": "围标串标查处决定书", "reason": "与其他投标人串通报价"})
	if r.Status != http.StatusCreated {
		t.Fatalf("record collusion: %d %s", r.Status, r.Body)
	}
	// The recording department has an open project the colluder could bid
	// on, so a second department confirms before the blacklist applies.
	var v struct{ ID int64 }
	r.decode(t, &v)
	if r := app.do("POST", fmt.Sprintf("/api/v1/violations/%d/confirm", v.ID), ecoToken, nil); r.Status != http.StatusOK {
		t.Fatalf("confirm collusion: %d %s", r.Status, r.Body)
	}
	for _, p := range projects {
		r := app.do("PUT", bidPath(p.ID), colluderToken, bid)
		if r.Status != http.StatusForbidden || r.errorCode(t) != market.IneligibleInactive {
			t.Errorf("blacklisted agency on project %d (%s): %d %s", p.ID, p.Funding, r.Status, r.Body)
		}
	}

	t.Run("its open bid is invalid at close", func(t *testing.T) {
		app.setNow(app.now.Add(3 * time.Hour))
		if _, err := app.Jobs.RunOnce(t.Context(), "close_bidding"); err != nil {
			t.Fatal(err)
		}
		got := app.count(fmt.Sprintf("SELECT count(*) FROM bids WHERE agency_id = %d AND status = 'invalid'", colluderID))
		if got != 1 {
			t.Errorf("invalid bids of the blacklisted agency = %d, want 1", got)
		}
	})

	t.Run("a lapsed sanction no longer bars, before the job runs", func(t *testing.T) {
		app.setNow(app.now.Add(3*365*24*time.Hour + 48*time.Hour))
		// Three years on, the old sessions have expired: log in again.
		_, ownerToken := app.register("enterprise", "三年后的企业有限公司")
		var email string
		if err := app.DB.SQL().QueryRow("SELECT email FROM accounts WHERE id = $1", colluderID).Scan(&email); err != nil {
			t.Fatal(err)
		}
		agencyToken := app.login(email)
		if got := app.count(fmt.Sprintf("SELECT count(*) FROM accounts WHERE id = %d AND status = 'blacklisted'", colluderID)); got != 1 {
			t.Fatal("the reinstatement job already ran; this case needs the stored status still blacklisted")
		}
		p := app.publishedProject(ownerToken, nil)
		if r := app.do("PUT", bidPath(p.ID), agencyToken, bid); r.Status != http.StatusOK && r.Status != http.StatusCreated {
			t.Errorf("bid after the blacklist period: %d %s", r.Status, r.Body)
		}
	})
}
