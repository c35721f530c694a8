package market_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// bidTx is a bid's transaction in memory: the close's (projects and bids),
// with the agencies' facts, and every evidence row, receipt and document
// the bids wrote.
type bidTx struct {
	*closeTx
	agencies  map[int64]market.AgencyFacts
	conflict  error // the stage-conflict check's answer
	evidence  []market.Evidence
	receipts  []*market.BidReceipt
	documents []*market.BidDocument
	auction   []*market.AuctionBid
	// noHistory leaves AuctionWrite.History unset, as a store that could
	// not read it as the bid committed.
	noHistory bool
	// raced: the next first bid finds the agency's bid submitted
	// meanwhile by another request (this one, at 1.00 yuan).
	raced bool
}

func (s *bidTx) LockProjectForBid(ctx context.Context, id int64, mode market.LockMode) (*market.Project, time.Time, error) {
	p, err := s.FindProjectByID(ctx, id, mode)
	return p, s.now, err
}
func (s *bidTx) LockProjectForBidder(ctx context.Context, id int64, mode market.LockMode, agencyID int64, read market.BidderRead) (*market.Project, time.Time, *market.Bidder, error) {
	p, now, err := s.LockProjectForBid(ctx, id, mode)
	if err != nil {
		return nil, now, nil, err
	}
	b, err := s.bidder(agencyID, p, read)
	return p, now, b, err
}
func (s *bidTx) bidder(agencyID int64, p *market.Project, read market.BidderRead) (*market.Bidder, error) {
	f := s.agencies[agencyID]
	b := &market.Bidder{Facts: &f}
	if own, err := s.FindBid(context.Background(), p.ID, agencyID); err == nil {
		b.BidStatus = own.Status
	}
	if read.AuctionNo {
		b.AuctionNo = int(agencyID)
	}
	for _, d := range s.documents {
		if read.Documents && d.ProjectID == p.ID && d.AgencyID == agencyID {
			b.Documents = append(b.Documents, d.SHA256)
		}
	}
	return b, nil
}
func (s *bidTx) CheckStageConflict(context.Context, int64, *market.Project) error { return s.conflict }
func (s *bidTx) WriteBid(_ context.Context, w market.BidWrite) error {
	if w.First && s.raced {
		s.raced = false
		other := *w.Bid
		other.ID, other.Price = int64(100+len(s.bids[w.Bid.ProjectID])), 100
		s.bids[w.Bid.ProjectID] = append(s.bids[w.Bid.ProjectID], &other)
		return market.ErrBidSubmittedMeanwhile
	}
	s.evidence = append(s.evidence, w.Evidence)
	s.audits = append(s.audits, w.Audit.Action)
	if own, err := s.FindBid(context.Background(), w.Bid.ProjectID, w.Bid.AgencyID); err == nil {
		w.Bid.ID = own.ID
		*own = *w.Bid
	} else {
		w.Bid.ID = int64(100 + len(s.bids[w.Bid.ProjectID]))
		s.bids[w.Bid.ProjectID] = append(s.bids[w.Bid.ProjectID], w.Bid)
	}
	if w.Auction != nil {
		s.auction = append(s.auction, w.Auction.Bid)
		*s.projects[w.Bid.ProjectID] = *w.Auction.Project
		s.auctions = append(s.auctions, w.Auction.Event)
		if !s.noHistory {
			w.Auction.History = append([]*market.AuctionBid(nil), s.auction...)
		}
	}
	return nil
}
func (s *bidTx) LockBid(ctx context.Context, projectID, agencyID int64) (*market.Bid, error) {
	return s.FindBid(ctx, projectID, agencyID)
}
func (s *bidTx) SetBidStatus(_ context.Context, bidID int64, status, _ string, _ time.Time) error {
	for _, bs := range s.bids {
		for _, b := range bs {
			if b.ID == bidID {
				b.Status = status
			}
		}
	}
	return nil
}
func (s *bidTx) ConfirmBid(ctx context.Context, projectID, agencyID int64, _ time.Time) error {
	b, err := s.FindBid(ctx, projectID, agencyID)
	if err == nil {
		b.NeedsConfirmation = false
	}
	return err
}
func (s *bidTx) RecordEvidence(_ context.Context, e market.Evidence) error {
	s.evidence = append(s.evidence, e)
	return nil
}
func (s *bidTx) SaveBidReceipt(_ context.Context, r *market.BidReceipt, a kernel.AuditEntry) error {
	s.receipts = append(s.receipts, r)
	s.audits = append(s.audits, a.Action)
	return nil
}
func (s *bidTx) AttachBidDocument(_ context.Context, d *market.BidDocument, e market.Evidence) error {
	s.documents = append(s.documents, d)
	s.evidence = append(s.evidence, e)
	return nil
}
func (s *bidTx) DetachBidDocument(_ context.Context, d *market.BidDocument, e market.Evidence) error {
	s.evidence = append(s.evidence, e)
	return nil
}
func (s *bidTx) FindBidDocuments(_ context.Context, projectID, agencyID int64) ([]*market.BidDocument, error) {
	var out []*market.BidDocument
	for _, d := range s.documents {
		if d.ProjectID == projectID && d.AgencyID == agencyID {
			out = append(out, d)
		}
	}
	return out, nil
}
func (s *bidTx) FindProjectBidDocuments(context.Context, int64) ([]*market.BidDocument, error) {
	return s.documents, nil
}
func (s *bidTx) FindBidDocument(context.Context, int64, int64) (*market.BidDocument, error) {
	return nil, market.ErrBidDocumentNotFound
}
func (s *bidTx) FindBidReceipt(context.Context, int64, int64) (*market.BidReceipt, error) {
	return nil, market.ErrReceiptNotFound
}
func (s *bidTx) FindAuctionBids(context.Context, int64) ([]*market.AuctionBid, error) {
	return s.auction, nil
}
func (s *bidTx) CreateFile(context.Context, files.Document) error { return nil }

// written is what a refused request must leave as it found it.
func (s *bidTx) written() int {
	return len(s.evidence) + len(s.audits) + len(s.receipts) + len(s.documents) + len(s.auction)
}

func newBidding(tx *bidTx) *market.Bidding {
	in := func(ctx context.Context, fn func(market.BiddingTx) error) error { return fn(tx) }
	return &market.Bidding{Store: tx, InTx: in, InBidTx: in,
		Bids:             &market.Bids{Store: tx, LowPriceDue: func(now time.Time) time.Time { return now }},
		AuctionExtension: 5 * time.Minute, AuctionMaxExtensions: 2}
}

func eligibleAgency(id int64) market.AgencyFacts {
	return market.AgencyFacts{AgencyID: id, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive, OffersItem: true}
}

// sealedBidWorld is an hour before the close of a lowest-price project (1)
// and a reverse auction (2), with an eligible agency (31) and one that
// offers not the item (32).
func sealedBidWorld() (tx *bidTx, closes time.Time, ceiling kernel.Money) {
	closes = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	ceiling = kernel.Money(10_000_000)
	return &bidTx{closeTx: &closeTx{now: closes.Add(-time.Hour), bids: map[int64][]*market.Bid{},
		projects: map[int64]*market.Project{
			1: {ID: 1, OwnerID: 100, Status: market.ProjectBidding, Method: market.MethodLowestPrice, ServiceDays: 30, CeilingPrice: &ceiling, ClosesAt: closes},
			2: {ID: 2, OwnerID: 100, Status: market.ProjectBidding, Method: market.MethodReverseAuction, ServiceDays: 30, CeilingPrice: &ceiling, ClosesAt: closes}}},
		agencies: map[int64]market.AgencyFacts{31: eligibleAgency(31), 32: {AgencyID: 32, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive}}}, closes, ceiling
}

// TestBidding_SealedBid: a sealed bid before the deadline is written with
// its evidence, an audit row naming the agency alone and a receipt whose
// digest commits to the price; a revision says so; a withdrawal is
// recorded as evidence too. Every refusal (the deadline, an auction, the
// eligibility rule, a stage conflict, a price above the ceiling) writes
// nothing.
func TestBidding_SealedBid(t *testing.T) {
	ctx := context.Background()
	tx, closes, ceiling := sealedBidWorld()
	bd := newBidding(tx)
	agency := kernel.Actor{ID: 31, Role: kernel.RoleAgency}
	client := kernel.Client{IP: "10.0.0.8", UserAgent: "test"}

	b, err := bd.PlaceBid(ctx, agency, 1, market.BidInput{Price: 8_000_000, Proposal: " 方案 ", Client: client})
	if err != nil {
		t.Fatal(err)
	}
	if b.Status != market.BidSubmitted || b.ServiceDays != 30 || b.Proposal != "方案" {
		t.Errorf("bid as written: %+v", b)
	}
	if len(tx.evidence) != 1 || tx.evidence[0].Action != market.EvidenceSubmit || tx.evidence[0].Client != client || tx.evidence[0].Proposal != "方案" {
		t.Errorf("evidence: %+v", tx.evidence)
	}
	if strings.Join(tx.audits, ",") != "bid.submitted,"+market.AuditBidReceipt {
		t.Errorf("audit rows: %v", tx.audits)
	}
	if len(tx.receipts) != 1 || tx.receipts[0].Digest == "" || tx.receipts[0].IssuedAt != tx.now {
		t.Fatalf("receipt: %+v", tx.receipts)
	}

	if _, err := bd.PlaceBid(ctx, agency, 1, market.BidInput{Price: 7_500_000}); err != nil {
		t.Fatal(err)
	}
	if tx.evidence[1].Action != market.EvidenceRevise || tx.audits[2] != "bid.revised" {
		t.Errorf("a revision recorded as %q, %q", tx.evidence[1].Action, tx.audits[2])
	}
	if tx.receipts[1].Digest == tx.receipts[0].Digest {
		t.Error("a revised price kept its receipt's digest")
	}

	before := tx.written()
	for name, try := range map[string]func() error{
		"price above the ceiling": func() error {
			_, err := bd.PlaceBid(ctx, agency, 1, market.BidInput{Price: ceiling + 1})
			return err
		},
		"sealed bid on an auction": func() error {
			_, err := bd.PlaceBid(ctx, agency, 2, market.BidInput{Price: 1})
			return err
		},
		"agency without the item": func() error {
			_, err := bd.PlaceBid(ctx, kernel.Actor{ID: 32, Role: kernel.RoleAgency}, 1, market.BidInput{Price: 1})
			return err
		},
		"enterprise": func() error {
			_, err := bd.PlaceBid(ctx, kernel.Actor{ID: 100, Role: kernel.RoleEnterprise}, 1, market.BidInput{Price: 1})
			return err
		},
		"stage conflict": func() error {
			tx.conflict = kernel.Errorf(kernel.EFORBIDDEN, "stage_conflict", "conflict")
			defer func() { tx.conflict = nil }()
			_, err := bd.PlaceBid(ctx, agency, 1, market.BidInput{Price: 1})
			return err
		},
		"at the deadline": func() error {
			tx.now = closes
			defer func() { tx.now = closes.Add(-time.Hour) }()
			_, err := bd.PlaceBid(ctx, agency, 1, market.BidInput{Price: 1})
			if err != market.ErrBiddingClosed {
				t.Errorf("a bid at the deadline: %v, want ErrBiddingClosed", err)
			}
			return err
		},
	} {
		if err := try(); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if tx.written() != before {
			t.Errorf("%s: the refusal wrote something", name)
		}
	}

	w, err := bd.WithdrawBid(ctx, agency, 1, client)
	if err != nil || w.Status != market.BidWithdrawn {
		t.Fatalf("withdraw: %+v, %v", w, err)
	}
	if last := tx.evidence[len(tx.evidence)-1]; last.Action != market.EvidenceWithdraw || last.Client != client {
		t.Errorf("withdrawal evidence: %+v", last)
	}
	if _, err := bd.WithdrawBid(ctx, agency, 1, client); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("a second withdrawal: %v", err)
	}
	if _, err := bd.ConfirmBid(ctx, agency, 1); err != market.ErrBidNoConfirmationNeeded {
		t.Errorf("confirming a withdrawn bid: %v", err)
	}
}

// TestBidding_AuctionBid: each bid must undercut the best by the minimum
// step; a bid in the last extension moves the close, at most
// AuctionMaxExtensions times; the event names the bidder by its label.
func TestBidding_AuctionBid(t *testing.T) {
	ctx := context.Background()
	closes := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	ceiling, step := kernel.Money(1_000_000), kernel.Money(10_000)
	tx := &bidTx{closeTx: &closeTx{now: closes.Add(-time.Minute), bids: map[int64][]*market.Bid{},
		projects: map[int64]*market.Project{2: {ID: 2, OwnerID: 100, Status: market.ProjectBidding, Method: market.MethodReverseAuction,
			ServiceDays: 30, CeilingPrice: &ceiling, MinStep: &step, ClosesAt: closes}}},
		agencies: map[int64]market.AgencyFacts{31: eligibleAgency(31), 32: eligibleAgency(32)}}
	bd := newBidding(tx)
	a, b := kernel.Actor{ID: 31, Role: kernel.RoleAgency}, kernel.Actor{ID: 32, Role: kernel.RoleAgency}

	st, err := bd.PlaceAuctionBid(ctx, a, 2, 990_000, kernel.Client{})
	if err != nil {
		t.Fatal(err)
	}
	if st.BestPrice == nil || *st.BestPrice != 990_000 || !st.ClosesAt.Equal(closes.Add(5*time.Minute)) {
		t.Errorf("after the first bid: %+v", st)
	}
	before := tx.written()
	if _, err := bd.PlaceAuctionBid(ctx, b, 2, 985_000, kernel.Client{}); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("a bid within the minimum step: %v", err)
	}
	if _, err := bd.WithdrawBid(ctx, a, 2, kernel.Client{}); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("withdrawing an auction bid: %v", err)
	}
	if tx.written() != before {
		t.Error("a refused auction bid wrote something")
	}
	for i, price := range []kernel.Money{980_000, 970_000} {
		tx.now = tx.projects[2].ClosesAt.Add(-time.Minute)
		// The second answer is read after the bid, as when the store
		// could not read the history as the bid committed.
		tx.noHistory = i == 1
		st, err := bd.PlaceAuctionBid(ctx, b, 2, price, kernel.Client{})
		if err != nil {
			t.Fatal(err)
		}
		if len(st.History) != 2+i || st.History[1+i].Price != price || st.MyBidder != market.BidderLabel(32) || st.Bids != 2+i {
			t.Errorf("the answer to bid %d: %d bids, history %+v, my bidder %q", 2+i, st.Bids, st.History, st.MyBidder)
		}
	}
	if p := tx.projects[2]; p.Extensions != 2 || p.AuctionBids != 3 {
		t.Errorf("after three bids in the last minutes: %d extensions, %d bids; want 2 and 3", p.Extensions, p.AuctionBids)
	}
	if ev := tx.auctions[len(tx.auctions)-1]; ev.Bidder != market.BidderLabel(32) || ev.Seq != 3 {
		t.Errorf("the last event: %+v", ev)
	}
	if tx.evidence[2].Action != market.EvidenceRevise {
		t.Errorf("the agency's second auction bid recorded as %q", tx.evidence[2].Action)
	}
	if _, err := bd.AddBidDocument(ctx, a, 2, market.BidDocumentUpload{FileName: "a.pdf"}, strings.NewReader("%PDF")); err != files.ErrUploadsDisabled {
		t.Errorf("a document without a file store: %v", err)
	}
}

// TestBidding_FirstBidRacedIsPlacedAgainAsARevision: when the store
// refuses a first bid because another request of the agency's submitted
// its bid meanwhile, PlaceBid places it once more, as a revision of that
// bid: the agency gets its price, not an error.
func TestBidding_FirstBidRacedIsPlacedAgainAsARevision(t *testing.T) {
	ctx := context.Background()
	tx, _, _ := sealedBidWorld()
	tx.raced = true
	agency := kernel.Actor{ID: 31, Role: kernel.RoleAgency}
	b, err := newBidding(tx).PlaceBid(ctx, agency, 1, market.BidInput{Price: 500_000, Proposal: "方案"})
	if err != nil {
		t.Fatalf("a first bid raced by another request: %v", err)
	}
	if len(tx.bids[1]) != 1 || tx.bids[1][0].Price != 500_000 || b.Price != 500_000 {
		t.Errorf("bids %+v, answered %+v; want the one bid at 5,000.00", tx.bids[1], b)
	}
	if len(tx.audits) != 2 || tx.audits[0] != "bid.revised" {
		t.Errorf("audit rows %v, want the revision and its receipt", tx.audits)
	}
}
