package storage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"marketplace/domain/market"
	"marketplace/storage/storagetest"
)

// TestSaveBid_RevisionReplacesTheLiveBid: a revision keeps the bid's id and
// replaces its terms, clearing the amendment's flag; a bid after the close
// is refused by the deadline trigger as market.ErrBiddingClosed.
func TestSaveBid_RevisionReplacesTheLiveBid(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx, conn := context.Background(), db.SQL()
	owner := fxAccount(t, conn, "enterprise", "改价测试有限公司")
	agency := fxAccount(t, conn, "agency", "改价测试咨询有限公司")
	project := func(closes string) int64 {
		var id int64
		if err := conn.QueryRow(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
			bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '改价测试项目', '说明', 'NAT-01',
			'湖北省武汉市', 'self', 'lowest_price', now() + $2::interval, now() + $2::interval, 30, 1, 'bidding', now()) RETURNING id`,
			owner, closes).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	open := project("1 hour")
	now := time.Now().UTC().Truncate(time.Microsecond)

	first := &market.Bid{ProjectID: open, AgencyID: agency, Price: 10000, Proposal: "初版", ServiceDays: 20,
		Status: market.BidSubmitted, SubmittedAt: now, UpdatedAt: now}
	if err := db.SaveBid(ctx, first); err != nil || first.ID == 0 {
		t.Fatalf("first bid: %v, id %d", err, first.ID)
	}
	if flagged, err := db.MarkBidsNeedConfirmation(ctx, open); err != nil || len(flagged) != 1 || flagged[0] != agency {
		t.Fatalf("flag after an amendment: %v, %v", err, flagged)
	}
	later := now.Add(time.Minute)
	revised := &market.Bid{ProjectID: open, AgencyID: agency, Price: 9000, Proposal: "修订", ServiceDays: 15,
		Status: market.BidSubmitted, SubmittedAt: later, UpdatedAt: later}
	if err := db.SaveBid(ctx, revised); err != nil {
		t.Fatalf("revision: %v", err)
	}
	if got, want := revised.ID, first.ID; got != want {
		t.Errorf("revision id %d, want the live bid's %d", got, want)
	}
	b, err := db.FindBid(ctx, open, agency)
	if err != nil {
		t.Fatal(err)
	}
	if b.Price != 9000 || b.Proposal != "修订" || b.ServiceDays != 15 || b.NeedsConfirmation || !b.SubmittedAt.Equal(later) {
		t.Errorf("after the revision: %+v", b)
	}

	closed := project("-1 hour")
	late := &market.Bid{ProjectID: closed, AgencyID: agency, Price: 9000, Status: market.BidSubmitted, SubmittedAt: now, UpdatedAt: now}
	if err := db.SaveBid(ctx, late); !errors.Is(err, market.ErrBiddingClosed) {
		t.Errorf("bid after the close: %v, want ErrBiddingClosed", err)
	}
}

// TestNextCloseIn_FromTheEarliestBiddingProject: the wait until the first
// close of a project in bidding.
func TestNextCloseIn_FromTheEarliestBiddingProject(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx, conn := context.Background(), db.SQL()
	owner := fxAccount(t, conn, "enterprise", "截止测试有限公司")
	for _, closes := range []string{"2 hours", "1 hour"} {
		mustExec(t, conn, `INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
			bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '截止测试项目', '说明', 'NAT-01',
			'湖北省武汉市', 'self', 'lowest_price', now() + $2::interval, now() + $2::interval, 30, 1, 'bidding', now())`, owner, closes)
	}
	d, ok, err := db.NextCloseIn(ctx)
	if err != nil || !ok || d <= 59*time.Minute || d > time.Hour {
		t.Fatalf("next close in %v (ok %v, %v), want just under an hour", d, ok, err)
	}
	// An overdue close comes back negative, by how much it is overdue
	// (close_bidding takes larger batches behind a backlog).
	mustExec(t, conn, `UPDATE projects SET bidding_closes_at = now() - interval '10 minutes', closes_at = now() - interval '10 minutes' WHERE closes_at < now() + interval '61 minutes'`)
	if d, ok, err := db.NextCloseIn(ctx); err != nil || !ok || d > -10*time.Minute || d < -11*time.Minute {
		t.Fatalf("next close in %v (ok %v, %v), want about ten minutes ago", d, ok, err)
	}
}

// TestNextCloseIn_NoneInBidding: with no project in bidding there is no
// close to wait for (ok false), so the close job waits its interval
// instead of looking again every punctualRetry.
func TestNextCloseIn_NoneInBidding(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx, conn := context.Background(), db.SQL()
	owner := fxAccount(t, conn, "enterprise", "无投标项目有限公司")
	mustExec(t, conn, `INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status) VALUES ($1, '草稿项目', '说明', 'NAT-01',
		'湖北省武汉市', 'self', 'lowest_price', now() + interval '1 hour', now() + interval '1 hour', 30, 1, 'draft')`, owner)
	if d, ok, err := db.NextCloseIn(ctx); err != nil || ok {
		t.Fatalf("next close in %v (ok %v, %v) with only a draft, want ok false", d, ok, err)
	}
}
