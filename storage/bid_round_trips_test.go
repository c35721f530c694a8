package storage_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
	"marketplace/storage"
	"marketplace/storage/storagetest"
)

// A sealed bid is the platform's busiest write, and on a loaded server its
// time goes to waiting on PostgreSQL, once per round trip
// (docs/performance.md). A revision with documents takes two: BEGIN with
// the project lock and, as statements of their own after it, the clock
// and the bidder, then the documents its bid keeps; the writes and the
// receipt with COMMIT. The receipt it issues must still name every
// document, and a refused bid must leave nothing behind.
func TestBid_SealedBidInTwoRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, `SELECT agency_id FROM bids WHERE project_id = $1`)
	agencyID := agency.ID
	// One document already attached: the receipt of the revision names it.
	if _, err := db.SQL().ExecContext(ctx, `WITH f AS (INSERT INTO files (sha256, media_type, size) VALUES (repeat('ab', 32), 'application/pdf', 10) ON CONFLICT DO NOTHING)
		INSERT INTO bid_documents (project_id, agency_id, sha256, media_type, size, file_name, uploaded_at)
		VALUES ($1, $2, repeat('ab', 32), 'application/pdf', 10, '技术方案.pdf', clock_timestamp())`, projectID, agencyID); err != nil {
		t.Fatal(err)
	}
	price := mustMoney(t, "88000.00")
	before := db.RoundTrips()
	if _, err := m.Bidding().PlaceBid(ctx, agency, projectID, market.BidInput{Price: price, Proposal: "修订方案", ServiceDays: 30}); err != nil {
		t.Fatal(err)
	}
	if n := db.RoundTrips() - before; n > 2 {
		t.Errorf("a sealed bid took %d round trips to PostgreSQL, want at most 2", n)
	}
	// MyBidReceipt refuses a receipt whose digest does not match the bid
	// and its documents as they stand.
	receipt, err := m.Bidding().MyBidReceipt(ctx, agency, projectID)
	if err != nil {
		t.Fatal(err)
	}
	if len(receipt.Documents) != 1 || receipt.Documents[0].FileName != "技术方案.pdf" || receipt.Price != price {
		t.Errorf("the receipt names %+v at %s, want the one document at %s", receipt.Documents, receipt.Price, price)
	}

	// A refused bid writes nothing.
	var audits int
	count := func() int {
		if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&audits); err != nil {
			t.Fatal(err)
		}
		return audits
	}
	was := count()
	if _, err := m.Bidding().PlaceBid(ctx, domain.Actor{ID: agencyID + 1000, Role: domain.RoleAgency}, projectID, market.BidInput{Price: price, Proposal: "方案", ServiceDays: 30}); err == nil {
		t.Fatal("a bid from an account that does not exist was accepted")
	}
	if now := count(); now != was {
		t.Errorf("a refused bid wrote %d audit rows", now-was)
	}
}

// A reverse-auction bid takes two: BEGIN with the project lock, the clock
// and the bidder; the writes with COMMIT. Only the second is sent while
// the bid holds the auction's row lock, which every bid on that auction
// waits for. A bid that does not undercut
// the best by the step is refused and changes nothing.
func TestBid_AuctionBidInTwoRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, asAuctionWithoutBids)
	price := mustMoney(t, "99000.00")
	// PlaceAuctionBid answers with the auction's state, read with its
	// COMMIT: two round trips in all, and the state GetAuction reads.
	before := db.RoundTrips()
	got, err := m.PlaceAuctionBid(ctx, agency, projectID, price)
	if err != nil {
		t.Fatal(err)
	}
	if n := db.RoundTrips() - before; n > 2 {
		t.Errorf("an auction bid and its answer took %d round trips to PostgreSQL, want at most 2", n)
	}
	st, err := m.Bidding().GetAuction(ctx, agency, projectID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Bids != 1 || st.BestPrice == nil || *st.BestPrice != price {
		t.Fatalf("after one bid the auction shows %d bids at %v, want 1 at %s", st.Bids, st.BestPrice, price)
	}
	if g, w := fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *st); g != w {
		t.Errorf("the bid's answer differs from the auction's state:\n got %s\nwant %s", g, w)
	}
	// The same price again does not undercut the best: refused, nothing written.
	if _, err := m.PlaceAuctionBid(ctx, agency, projectID, price); err == nil {
		t.Fatal("a bid at the best price was accepted")
	}
	if st, err := m.Bidding().GetAuction(ctx, agency, projectID); err != nil || st.Bids != 1 {
		t.Fatalf("after a refused bid: %+v, %v", st, err)
	}
	// Inside a request's transaction (an Idempotency-Key request) the bid
	// runs there, without its own pipeline: the history is read right
	// after the writes, and the answer is again the auction's state.
	lower := mustMoney(t, "98000.00")
	err = db.InRequestTx(ctx, func(ctx context.Context, _ domain.Store) error {
		got, err = m.PlaceAuctionBid(ctx, agency, projectID, lower)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err = m.Bidding().GetAuction(ctx, agency, projectID); err != nil || st.Bids != 2 {
		t.Fatalf("after a bid in a request transaction: %+v, %v", st, err)
	}
	if g, w := fmt.Sprintf("%+v", *got), fmt.Sprintf("%+v", *st); g != w {
		t.Errorf("in a request transaction the bid's answer differs from the auction's state:\n got %s\nwant %s", g, w)
	}
}

// asAuctionWithoutBids prepares oneBidderWorld's project as a reverse
// auction (ceiling 100,000.00, step 1,000.00) its agency has not bid on yet.
const asAuctionWithoutBids = `WITH d AS (DELETE FROM bids WHERE project_id = $1 RETURNING agency_id),
	p AS (UPDATE projects SET method = 'reverse_auction', ceiling_fen = 10000000, min_step_fen = 100000 WHERE id = $1)
	SELECT agency_id FROM d`

// oneBidderWorld seeds a project in bidding with one agency's bid, runs
// prepare on it ($1: the project; it answers the agency's id) and returns
// the marketplace over it with that agency as an actor.
func oneBidderWorld(t *testing.T, prepare string) (*storage.DB, *domain.Marketplace, int64, domain.Actor) {
	t.Helper()
	db := storagetest.MustOpen(t)
	projectID, _ := seedBiddingProject(t, db, 1)
	var agencyID int64
	if err := db.SQL().QueryRow(prepare, projectID).Scan(&agencyID); err != nil {
		t.Fatal(err)
	}
	m := domain.NewMarketplace(db, storagetest.FastHasher, domain.HourPeriods())
	return db, m, projectID, domain.Actor{ID: agencyID, Role: domain.RoleAgency, Name: "环境咨询有限公司1"}
}

func mustMoney(t *testing.T, s string) domain.Money {
	t.Helper()
	m, err := domain.ParseMoney(s)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBid_AuctionBidPastTheDeadlineSkipsItsCommit: an auction bid's writes
// go in one pipeline with its history read and COMMIT. When the deadline
// guard on bids refuses them, the rest of the pipeline is skipped: the
// bid is refused as closed, nothing is written, no history is given, and
// the connection goes back to the pool outside any transaction.
func TestBid_AuctionBidPastTheDeadlineSkipsItsCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, asAuctionWithoutBids)
	price := mustMoney(t, "99000.00")
	var w *market.AuctionWrite
	err := db.InBidTx(ctx, func(s domain.Store) error {
		p, _, err := s.LockProjectForBid(ctx, projectID, market.LockUpdate)
		if err != nil {
			return err
		}
		// Stamped at the close: the guard's own check, whatever the domain decided.
		late := p.ClosesAt
		p.BestPrice, p.AuctionBids = &price, 1
		w = &market.AuctionWrite{Project: p, Event: market.AuctionEvent{ProjectID: p.ID, Seq: 1},
			Bid: &market.AuctionBid{ProjectID: p.ID, AgencyID: agency.ID, BidderNo: 1, Price: price, At: late, Seq: 1}}
		err = s.RecordBid(ctx, domain.BidWrite{
			Bid: &market.Bid{ProjectID: p.ID, AgencyID: agency.ID, Price: price, ServiceDays: p.ServiceDays,
				Status: market.BidSubmitted, SubmittedAt: late, UpdatedAt: late},
			Evidence: &supervision.BidEvidence{ProjectID: p.ID, AgencyID: agency.ID, AccountID: agency.ID, Action: "submit", At: late},
			Audit:    domain.NewAudit(agency, "auction.bid", "project", strconv.FormatInt(p.ID, 10), map[string]any{"seq": 1}),
			Auction:  w})
		return err
	})
	if !errors.Is(err, market.ErrBiddingClosed) {
		t.Fatalf("a bid stamped at the close: %v, want ErrBiddingClosed", err)
	}
	if w == nil || w.History != nil {
		t.Errorf("a refused bid was given a history: %+v", w)
	}
	var written int
	if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM auction_bids WHERE project_id = $1)
		+ (SELECT count(*) FROM bids WHERE project_id = $1)
		+ (SELECT count(*) FROM projects WHERE id = $1 AND best_fen IS NOT NULL)`, projectID).Scan(&written); err != nil {
		t.Fatal(err)
	}
	if written != 0 {
		t.Errorf("a refused auction bid left %d rows behind", written)
	}
	// Every connection is back outside a transaction: the next bid, in time, is taken.
	if st, err := m.PlaceAuctionBid(ctx, agency, projectID, price); err != nil || st.Bids != 1 || len(st.History) != 1 {
		t.Fatalf("the next bid: %+v, %v", st, err)
	}
}

// TestBid_SealedBidPastTheDeadlineSkipsItsCommit: a sealed bid's writes
// go in one pipeline with its receipt and COMMIT. When the deadline guard
// on bids refuses them, the receipt and COMMIT are skipped: the bid is
// refused as closed, the agency's bid, receipt and audit rows are as they
// were, and the connection goes back to the pool outside any transaction.
func TestBid_SealedBidPastTheDeadlineSkipsItsCommit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, `SELECT agency_id FROM bids WHERE project_id = $1`)
	state := func() string {
		t.Helper()
		var st string
		if err := db.SQL().QueryRow(`SELECT (SELECT price_fen || '/' || updated_at FROM bids WHERE project_id = $1 AND agency_id = $2)
			|| '/' || (SELECT count(*) FROM bid_receipts WHERE project_id = $1) || '/' || (SELECT count(*) FROM audit_log)`,
			projectID, agency.ID).Scan(&st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	was := state()
	price := mustMoney(t, "66000.00")
	err := db.InBidTx(ctx, func(s domain.Store) error {
		p, _, _, err := s.LockProjectForBidder(ctx, projectID, market.LockShare, agency.ID, market.BidderRead{Documents: true})
		if err != nil {
			return err
		}
		// Stamped at the close: the guard's own check, whatever the domain decided.
		late := p.ClosesAt
		return writeSealedBid(ctx, s, agency, p.ID, price, late, false)
	})
	if !errors.Is(err, market.ErrBiddingClosed) {
		t.Fatalf("a bid stamped at the close: %v, want ErrBiddingClosed", err)
	}
	if now := state(); now != was {
		t.Errorf("a refused sealed bid changed the bid, receipts or audit log: %s, was %s", now, was)
	}
	// Every connection is back outside a transaction: the next bid, in time, is taken.
	if _, err := m.Bidding().PlaceBid(ctx, agency, projectID, market.BidInput{Price: price, Proposal: "方案", ServiceDays: 30}); err != nil {
		t.Fatalf("the next bid: %v", err)
	}
	if now := state(); now == was {
		t.Error("the next bid, in time, changed nothing")
	}
}

// A sealed bid's receipt names the documents its bid keeps, read in the
// bid's first round trip. They must be read once the bid holds its bid row,
// which every attachment locks first: a document attached by a transaction
// the bid waited for is named, and the receipt verifies (MyBidReceipt
// refuses one that does not match the bid's documents as they stand).
func TestBid_ReceiptNamesADocumentAttachedWhileTheBidWaited(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, `SELECT agency_id FROM bids WHERE project_id = $1`)
	// An attachment in progress: the bid row locked, as LockBid does, and
	// the document written but not committed.
	attach, err := db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer attach.Rollback()
	if _, err := attach.ExecContext(ctx, `SELECT 1 FROM bids WHERE project_id = $1 AND agency_id = $2 FOR UPDATE`, projectID, agency.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := attach.ExecContext(ctx, `WITH f AS (INSERT INTO files (sha256, media_type, size) VALUES (repeat('cd', 32), 'application/pdf', 10) ON CONFLICT DO NOTHING)
		INSERT INTO bid_documents (project_id, agency_id, sha256, media_type, size, file_name, uploaded_at)
		VALUES ($1, $2, repeat('cd', 32), 'application/pdf', 10, '资质证明.pdf', clock_timestamp())`, projectID, agency.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := m.Bidding().PlaceBid(ctx, agency, projectID, market.BidInput{Price: mustMoney(t, "87000.00"), Proposal: "修订方案", ServiceDays: 30})
		done <- err
	}()
	// The bid waits for the bid row, then the attachment commits.
	awaitLockWaits(t, db, done, 1, "the bid waited for the bid row the attachment holds", lockWaiters)
	if err := attach.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	receipt, err := m.Bidding().MyBidReceipt(ctx, agency, projectID)
	if err != nil {
		t.Fatalf("the receipt of a bid that waited for an attachment: %v", err)
	}
	if len(receipt.Documents) != 1 || receipt.Documents[0].FileName != "资质证明.pdf" {
		t.Errorf("the receipt names %+v, want the document attached while the bid waited", receipt.Documents)
	}
}

// The bid path reads the bidder's facts at the clock it reads after the
// project lock, computing in SQL what FindAgencyFacts is given from Go:
// the Beijing date the qualifications are valid on, and the end of the
// affiliation cooling-off. Both must agree at the edges: a qualification
// valid until 30 June lapses at 00:30 on 1 July in Beijing (16:30 UTC on
// 30 June), and an ended affiliation counts until AffiliationCoolingOff
// has passed.
func TestBid_BidderFactsAgreeWithFindAgencyFactsAtTheEdges(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, _, projectID, agency := oneBidderWorld(t, `SELECT agency_id FROM bids WHERE project_id = $1`)
	ended := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if _, err := db.SQL().ExecContext(ctx, `WITH p AS (SELECT item_code, owner_id FROM projects WHERE id = $1),
		q AS (INSERT INTO qualifications (agency_id, item_code, number, issuer, valid_from, valid_until)
			SELECT $2, item_code, 'EDGE-1', '湖北省生态环境厅', '2025-07-01', '2026-06-30' FROM p)
		INSERT INTO affiliations (agency_id, department_id, relation, ended_at) SELECT $2, owner_id, 'former_staff', $3 FROM p`,
		projectID, agency.ID, ended); err != nil {
		t.Fatal(err)
	}
	cooled := ended.Add(market.AffiliationCoolingOff)
	for _, tc := range []struct {
		at                    time.Time
		qualified, affiliated bool
	}{
		{time.Date(2026, 6, 30, 15, 30, 0, 0, time.UTC), true, false}, // 23:30 on 30 June in Beijing
		{time.Date(2026, 6, 30, 16, 30, 0, 0, time.UTC), false, false},
		{cooled.Add(-time.Minute), true, true},
		{cooled.Add(time.Minute), true, false},
	} {
		db.Clock().Set(func() time.Time { return tc.at })
		var facts market.AgencyFacts
		var want *market.AgencyFacts
		err := db.InBidTx(ctx, func(s domain.Store) error {
			p, now, b, err := s.LockProjectForBidder(ctx, projectID, market.LockShare, agency.ID, market.BidderRead{Documents: true})
			if err != nil {
				return err
			}
			if !now.Equal(tc.at) {
				t.Errorf("the bid path's clock reads %s, want the injected %s", now, tc.at)
			}
			facts = *b.Facts
			want, err = s.FindAgencyFacts(ctx, agency.ID, p, now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if facts != *want {
			t.Errorf("at %s the bid path reads %+v, FindAgencyFacts %+v", tc.at, facts, *want)
		}
		if facts.HasValidQualification != tc.qualified || facts.AffiliatedWithOwner != tc.affiliated {
			t.Errorf("at %s: qualified %v, affiliated %v; want %v, %v", tc.at, facts.HasValidQualification, facts.AffiliatedWithOwner, tc.qualified, tc.affiliated)
		}
	}
	db.Clock().Set(nil)
}

// A first sealed bid reads its documents with no bid row to lock. When
// another request of the same agency submits its first bid meanwhile
// and a document is attached to that bid, this bid's writes must not
// revise it with a receipt that names no document: they are refused
// (ErrBidSubmittedMeanwhile) and change nothing, and PlaceBid, submitted
// again, revises the bid with a receipt that names the document.
func TestBid_FirstBidRacedByAnotherRequestIsRefusedThenRevised(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, m, projectID, agency := oneBidderWorld(t, `WITH d AS (DELETE FROM bids WHERE project_id = $1 RETURNING agency_id) SELECT agency_id FROM d`)
	state := func() string {
		t.Helper()
		var st string
		if err := db.SQL().QueryRow(`SELECT COALESCE((SELECT price_fen::text FROM bids WHERE project_id = $1 AND agency_id = $2), 'none')
			|| '/' || (SELECT count(*) FROM bid_receipts WHERE project_id = $1) || '/' || (SELECT count(*) FROM audit_log)
			|| '/' || (SELECT count(*) FROM bid_evidence WHERE project_id = $1)`, projectID, agency.ID).Scan(&st); err != nil {
			t.Fatal(err)
		}
		return st
	}
	input := market.BidInput{Price: mustMoney(t, "77000.00"), Proposal: "首次方案", ServiceDays: 30}
	var raced string
	err := db.InBidTx(ctx, func(s domain.Store) error {
		p, now, bidder, err := s.LockProjectForBidder(ctx, projectID, market.LockShare, agency.ID, market.BidderRead{Documents: true})
		if err != nil {
			return err
		}
		if bidder.BidStatus != "" || len(bidder.Documents) != 0 {
			t.Fatalf("the agency has a bid already: %+v", bidder)
		}
		// Meanwhile, on other connections: the same agency's first bid
		// commits, and a document is attached to it.
		if _, err := m.Bidding().PlaceBid(ctx, agency, projectID, market.BidInput{Price: mustMoney(t, "78000.00"), Proposal: "另一请求的方案", ServiceDays: 30}); err != nil {
			t.Fatalf("the other request's bid: %v", err)
		}
		if _, err := db.SQL().ExecContext(ctx, `WITH f AS (INSERT INTO files (sha256, media_type, size) VALUES (repeat('ef', 32), 'application/pdf', 10) ON CONFLICT DO NOTHING)
			INSERT INTO bid_documents (project_id, agency_id, sha256, media_type, size, file_name, uploaded_at)
			VALUES ($1, $2, repeat('ef', 32), 'application/pdf', 10, '技术方案.pdf', clock_timestamp())`, projectID, agency.ID); err != nil {
			t.Fatal(err)
		}
		raced = state()
		return writeSealedBid(ctx, s, agency, p.ID, input.Price, now, true)
	})
	if !errors.Is(err, market.ErrBidSubmittedMeanwhile) {
		t.Fatalf("a first bid whose agency's bid was submitted meanwhile: %v, want ErrBidSubmittedMeanwhile", err)
	}
	if now := state(); now != raced {
		t.Errorf("the refused first bid changed the bid, receipts, audit log or evidence: %s, was %s", now, raced)
	}
	// Submitted again, it is a revision, and its receipt names the document.
	if _, err := m.Bidding().PlaceBid(ctx, agency, projectID, input); err != nil {
		t.Fatal(err)
	}
	receipt, err := m.Bidding().MyBidReceipt(ctx, agency, projectID)
	if err != nil {
		t.Fatalf("the receipt of the revision: %v", err)
	}
	if len(receipt.Documents) != 1 || receipt.Price != input.Price {
		t.Errorf("the receipt names %+v at %s, want the attached document at %s", receipt.Documents, receipt.Price, input.Price)
	}
}

// writeSealedBid sends a sealed bid's writes and a receipt, as PlaceBid
// does after its checks: a first bid (the agency had none when it was
// read) or a revision, stamped at.
func writeSealedBid(ctx context.Context, s domain.Store, agency domain.Actor, projectID int64, price domain.Money, at time.Time, first bool) error {
	action, audit := "revise", "bid.revised"
	if first {
		action, audit = "submit", "bid.submitted"
	}
	subject := strconv.FormatInt(projectID, 10)
	b := &market.Bid{ProjectID: projectID, AgencyID: agency.ID, Price: price, Proposal: "方案", ServiceDays: 30,
		Status: market.BidSubmitted, SubmittedAt: at, UpdatedAt: at}
	if err := s.RecordBid(ctx, domain.BidWrite{Bid: b, First: first,
		Evidence: &supervision.BidEvidence{ProjectID: projectID, AgencyID: agency.ID, AccountID: agency.ID, Action: action, At: at},
		Audit:    domain.NewAudit(agency, audit, "project", subject, map[string]any{"agency_id": agency.ID})}); err != nil {
		return err
	}
	return s.SaveBidReceipt(ctx, &market.BidReceipt{ProjectID: projectID, AgencyID: agency.ID, Nonce: strings.Repeat("0", 32), Digest: strings.Repeat("e", 64), IssuedAt: at},
		domain.NewAudit(agency, market.AuditBidReceipt, "project", subject, map[string]any{"agency_id": agency.ID}))
}
