package storage_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/search"
	"marketplace/storage/storagetest"
)

// An agency's search document is built once per transaction, from what
// the transaction leaves: a registration writes the account, its profile
// and its service items, and each of those rows used to rebuild the
// document on the spot (about a millisecond each, most of it the GIN
// index), so a registration with three items built it five times. The
// document is still current when the transaction commits, and an agency
// changed in two transactions is rebuilt in each.
func TestSearch_AgencyDocumentBuiltOncePerTransaction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	conn := db.SQL()
	u := fxUSCC()
	var aid int64
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO accounts (role, name, uscc, email, password_hash)
		VALUES ('agency', '江汉一次建档咨询有限公司', $1, $2, 'x') RETURNING id`, u, strings.ToLower(u)+"@example.cn").Scan(&aid)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO agency_profiles (account_id, description, region) VALUES ($1, '专注地质灾害评估', '湖北省武汉市') ON CONFLICT (account_id) DO UPDATE SET description = EXCLUDED.description, region = EXCLUDED.region",
		"INSERT INTO agency_items (agency_id, item_code) VALUES ($1, 'NAT-01'), ($1, 'NAT-02'), ($1, 'NAT-14')",
	} {
		if _, err := tx.ExecContext(ctx, q, aid); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	builds := func() int {
		t.Helper()
		var n int
		if err := conn.QueryRow("SELECT count(*) FROM outbox WHERE topic = 'search' AND entity = 'agency' AND entity_id = $1", aid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := builds(); n != 1 {
		t.Errorf("a registration in one transaction built the agency's document %d times, want 1", n)
	}
	res := runSearch(t, m, search.Input{Q: "地质灾害", Type: search.Agencies})
	if res.Total != 1 || res.Items[0].ID != aid || strings.Join(res.Items[0].ItemCodes, ",") != "NAT-01,NAT-02,NAT-14" || res.Items[0].Region != "湖北省武汉市" {
		t.Fatalf("the committed document is not the transaction's last state: %+v", res)
	}
	// A later transaction rebuilds it again.
	mustExec(t, conn, "DELETE FROM agency_items WHERE agency_id = $1 AND item_code = 'NAT-02'", aid)
	if n := builds(); n != 2 {
		t.Errorf("documents built after a second transaction: %d, want 2", n)
	}
	res = runSearch(t, m, search.Input{Q: "地质灾害", Type: search.Agencies})
	if res.Total != 1 || strings.Join(res.Items[0].ItemCodes, ",") != "NAT-01,NAT-14" {
		t.Fatalf("item removal not indexed: %+v", res)
	}
}
