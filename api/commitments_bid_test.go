package api_test

import (
	"fmt"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/commitment"
)

// bidCommitment reads the commitment a bid row was recorded under.
func bidCommitment(t *testing.T, app *biddingApp, table string, projectID, agencyID int64) (version int64, sha string) {
	t.Helper()
	q := fmt.Sprintf("SELECT commitment_version, commitment_sha256 FROM %s WHERE project_id = %d AND agency_id = %d ORDER BY id DESC LIMIT 1", table, projectID, agencyID)
	if err := app.DB.SQL().QueryRow(q).Scan(&version, &sha); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return version, sha
}

func TestCommitment_BidRecordsVersionAndHash(t *testing.T) {
	t.Parallel()
	app := newBiddingApp(t)
	_, ent := app.register("enterprise", "武汉承诺报价制造有限公司")
	agID, ag := app.agency("湖北承诺报价咨询有限公司", "NAT-01")
	_, admin := app.staff(domain.RoleAdmin, "平台管理员")
	p := app.publishedProject(ent, nil)
	v1 := commitmentList(t, app.testApp, "?kind=bidding").Items[0]

	if r := app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "88000.00", "proposal": "方案"}); r.Status != 200 {
		t.Fatalf("bid: %d %s", r.Status, r.Body)
	}
	if v, sha := bidCommitment(t, app, "bids", p.ID, agID); v != int64(v1.Version) || sha != v1.SHA256 {
		t.Errorf("sealed bid recorded version %d %s, want %d %s", v, sha, v1.Version, v1.SHA256)
	}

	v2 := publishCommitment(t, app.testApp, admin, commitment.Bidding, "本单位承诺：材料真实，无围标串标，无利益关联。（修订）")
	if r := app.do("DELETE", bidPath(p.ID), ag, nil); r.Status != 200 {
		t.Fatalf("withdraw: %d %s", r.Status, r.Body)
	}
	if v, _ := bidCommitment(t, app, "bids", p.ID, agID); v != int64(v1.Version) {
		t.Errorf("a withdrawal changed the recorded version to %d", v)
	}
	if r := app.do("PUT", bidPath(p.ID), ag, map[string]any{"price": "87000.00"}); r.Status != 200 {
		t.Fatalf("resubmit: %d %s", r.Status, r.Body)
	}
	if v, sha := bidCommitment(t, app, "bids", p.ID, agID); v != int64(v2.Version) || sha != v2.SHA256 {
		t.Errorf("resubmitted bid recorded version %d %s, want %d %s", v, sha, v2.Version, v2.SHA256)
	}

	b := newBrowser(t, app.testApp)
	b.loginAs(ag)
	if _, body := b.get(fmt.Sprintf("/projects/%d", p.ID)); !strings.Contains(body, "提交报价即签署现行报价信用承诺") {
		t.Error("the bid form does not say that bidding signs the bidding commitment")
	}

	auction := app.publishedProject(ent, auctionBody(nil))
	if r := auctionBid(app, auction.ID, ag, "99000.00"); r.Status != 201 {
		t.Fatalf("auction bid: %d %s", r.Status, r.Body)
	}
	for _, table := range []string{"bids", "auction_bids"} {
		if v, sha := bidCommitment(t, app, table, auction.ID, agID); v != int64(v2.Version) || sha != v2.SHA256 {
			t.Errorf("auction bid (%s) recorded version %d %s, want %d", table, v, sha, v2.Version)
		}
	}
}
