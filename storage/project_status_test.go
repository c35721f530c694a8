package storage_test

import (
	"context"
	"testing"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/storage/storagetest"
)

// TestSetProjectStatus_FromItsOldValueOnly: the status moves only from the
// status the transition starts from; a stale one changes nothing and is a
// conflict, not a silent overwrite.
func TestSetProjectStatus_FromItsOldValueOnly(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx, conn := context.Background(), db.SQL()
	owner := fxAccount(t, conn, "enterprise", "状态机测试有限公司")
	var id int64
	if err := conn.QueryRow(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '状态机测试项目', '说明', 'NAT-01',
		'湖北省武汉市', 'self', 'lowest_price', now(), now(), 30, 1, 'bidding', now()) RETURNING id`, owner).Scan(&id); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		var s string
		if err := conn.QueryRow("SELECT status FROM projects WHERE id = $1", id).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if err := db.SetProjectStatus(ctx, id, market.ProjectBidding, market.ProjectEvaluating); err != nil || status() != market.ProjectEvaluating {
		t.Fatalf("bidding → evaluating: %v, status %s", err, status())
	}
	// A second close read the row before the first committed: it lost.
	err := db.SetProjectStatus(ctx, id, market.ProjectBidding, market.ProjectFailed)
	if err != market.ErrStatusChanged || domain.ErrorCode(err) != domain.ECONFLICT || status() != market.ProjectEvaluating {
		t.Fatalf("stale bidding → failed: %v, status %s", err, status())
	}
	if err := db.SetProjectStatus(ctx, id+1000, market.ProjectBidding, market.ProjectFailed); err != market.ErrStatusChanged {
		t.Fatalf("missing project: %v", err)
	}
}
