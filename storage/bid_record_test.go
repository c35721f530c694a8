package storage_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
	"marketplace/storage/storagetest"
)

// A revision through the bid's writes statement (queries/bid_record_writes.sql)
// keeps the bid's id, replaces its terms, clears the amendment flag, carries
// the commitment in force, and writes its evidence and audit row; the
// deadline trigger refuses a late revision in the same statement, a
// resubmission identical to the stored bid included (an UPDATE of the bid
// that changes no column is not checked by the trigger, an INSERT always
// is: a rewrite of the upsert as update-then-insert must keep this), and a
// refused bid writes nothing.
func TestRecordBid_RevisionAndTheDeadline(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	conn := db.SQL()
	owner := fxAccount(t, conn, "enterprise", "原地修订测试有限公司")
	agency := fxAccount(t, conn, "agency", "原地修订测试咨询有限公司")
	var project int64
	if err := conn.QueryRow(`INSERT INTO projects (owner_id, title, description, item_code, region, funding, method,
		bidding_closes_at, closes_at, service_days, min_bids, status, published_at) VALUES ($1, '原地修订测试项目', '说明', 'NAT-01',
		'湖北省武汉市', 'self', 'lowest_price', now() + interval '1 hour', now() + interval '1 hour', 30, 1, 'bidding', now()) RETURNING id`,
		owner).Scan(&project); err != nil {
		t.Fatal(err)
	}
	actor := domain.Actor{ID: agency, Role: domain.RoleAgency}
	record := func(price domain.Money, proposal string, at time.Time) (*market.Bid, error) {
		b := &market.Bid{ProjectID: project, AgencyID: agency, Price: price, Proposal: proposal, ServiceDays: 20,
			Status: market.BidSubmitted, SubmittedAt: at, UpdatedAt: at}
		err := db.RecordBid(ctx, domain.BidWrite{Bid: b,
			Evidence: &supervision.BidEvidence{ProjectID: project, AgencyID: agency, AccountID: agency, Action: "submit", At: at},
			Audit:    domain.NewAudit(actor, "bid.submitted", "project", strconv.FormatInt(project, 10), map[string]any{"agency_id": agency})})
		return b, err
	}
	type stored struct {
		id, price, evidence, audits int64
		proposal                    string
		flagged                     bool
		version                     int
		at                          time.Time
	}
	load := func() stored {
		t.Helper()
		var s stored
		if err := conn.QueryRow(`SELECT b.id, b.price_fen, b.proposal, b.needs_confirmation, b.commitment_version, b.submitted_at,
			(SELECT count(*) FROM bid_evidence e WHERE e.project_id = b.project_id AND e.agency_id = b.agency_id),
			(SELECT count(*) FROM audit_log l WHERE l.action = 'bid.submitted' AND l.subject_id = b.project_id::text)
			FROM bids b WHERE b.project_id = $1 AND b.agency_id = $2`, project, agency).
			Scan(&s.id, &s.price, &s.proposal, &s.flagged, &s.version, &s.at, &s.evidence, &s.audits); err != nil {
			t.Fatal(err)
		}
		return s
	}

	now := time.Now().UTC().Truncate(time.Microsecond)
	first, err := record(10000, "初版", now)
	if err != nil || first.ID == 0 {
		t.Fatalf("first bid: %v, id %d", err, first.ID)
	}
	was := load()
	// An amendment flags the bid, and a new commitment text is published.
	if _, err := conn.Exec(`UPDATE bids SET needs_confirmation = true WHERE id = $1`, first.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`INSERT INTO commitment_texts (kind, version, text, sha256, published_at)
		SELECT 'bidding', max(version) + 1, '新版投标承诺', repeat('c', 64), now() FROM commitment_texts WHERE kind = 'bidding'`); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Minute)
	revised, err := record(9000, "修订", later)
	if err != nil {
		t.Fatalf("revision: %v", err)
	}
	got := load()
	if revised.ID != first.ID || got.id != first.ID {
		t.Errorf("revision id %d (stored %d), want the live bid's %d", revised.ID, got.id, first.ID)
	}
	if got.price != 9000 || got.proposal != "修订" || got.flagged || !got.at.Equal(later) {
		t.Errorf("after the revision: %+v", got)
	}
	if got.version != was.version+1 {
		t.Errorf("the revision carries commitment version %d, want the new %d", got.version, was.version+1)
	}
	if got.evidence != was.evidence+1 || got.audits != was.audits+1 {
		t.Errorf("evidence rows %d → %d, audit rows %d → %d: want one more of each", was.evidence, got.evidence, was.audits, got.audits)
	}

	// The project closes between the stored bid and the next one.
	if _, err := conn.Exec(`UPDATE projects SET closes_at = $2, bidding_closes_at = $2 WHERE id = $1`, project, later.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	before := load()
	if _, err := record(8000, "迟到", later.Add(2*time.Second)); !errors.Is(err, market.ErrBiddingClosed) {
		t.Errorf("a revision after the close: %v, want ErrBiddingClosed", err)
	}
	// Identical to the stored bid, time included: no column changes, so it
	// is the insert's trigger that judges it.
	if _, err := conn.Exec(`UPDATE projects SET closes_at = $2, bidding_closes_at = $2 WHERE id = $1`, project, later); err != nil {
		t.Fatal(err)
	}
	if _, err := record(9000, "修订", later); !errors.Is(err, market.ErrBiddingClosed) {
		t.Errorf("the stored bid again after the close: %v, want ErrBiddingClosed", err)
	}
	if _, err := conn.Exec(`UPDATE projects SET closes_at = $2, bidding_closes_at = $2, status = 'evaluating' WHERE id = $1`, project, later.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := record(8000, "关闭后", later.Add(3*time.Second)); !errors.Is(err, market.ErrBiddingClosed) {
		t.Errorf("a revision on a project out of bidding: %v, want ErrBiddingClosed", err)
	}
	if after := load(); after != before {
		t.Errorf("refused bids changed the stored bid or wrote rows:\nbefore %+v\nafter  %+v", before, after)
	}
}

// A new receipt replaces the agency's previous one on the project
// (queries/bid_receipt_save.sql) and names its own audit row.
func TestSaveBidReceipt_ReplacesThePrevious(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, projectID, agency := oneBidderWorld(t, `SELECT agency_id FROM bids WHERE project_id = $1`)
	subject := strconv.FormatInt(projectID, 10)
	var ids []int64
	for i, nonce := range []string{strings.Repeat("1", 32), strings.Repeat("2", 32)} {
		r := &market.BidReceipt{ProjectID: projectID, AgencyID: agency.ID, Nonce: nonce, Digest: strings.Repeat(strconv.Itoa(i+3), 64),
			IssuedAt: time.Now().UTC().Truncate(time.Microsecond)}
		if err := db.SaveBidReceipt(ctx, r, domain.NewAudit(agency, "bid_receipt.sealed", "project", subject, map[string]any{"i": i})); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.AuditID)
	}
	if ids[0] == 0 || ids[1] <= ids[0] {
		t.Fatalf("audit ids of the two receipts: %v", ids)
	}
	var n int
	var nonce string
	var auditID int64
	if err := db.SQL().QueryRow(`SELECT count(*), max(nonce), max(audit_id) FROM bid_receipts WHERE project_id = $1 AND agency_id = $2`,
		projectID, agency.ID).Scan(&n, &nonce, &auditID); err != nil {
		t.Fatal(err)
	}
	if n != 1 || nonce != strings.Repeat("2", 32) || auditID != ids[1] {
		t.Errorf("receipts: %d, nonce %s, audit id %d; want 1, the second's nonce and audit id %d", n, nonce, auditID, ids[1])
	}
	got, err := db.FindBidReceipt(ctx, projectID, agency.ID)
	if err != nil || got.AuditID != ids[1] || got.Digest != strings.Repeat("4", 64) {
		t.Errorf("FindBidReceipt: %+v, %v", got, err)
	}
}
