package market_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// closeTx is a batch of projects at their close, in memory: the submitted
// bids with their agencies' facts, and what the close wrote.
type closeTx struct {
	projects  map[int64]*market.Project
	facts     []market.SubmittedBidFacts
	bids      map[int64][]*market.Bid
	settled   []market.BidSettlement
	changes   []market.StatusChange
	lowPrices []*market.LowPriceBid
	inbox     []market.InboxNotice
	auctions  []market.AuctionEvent
	audits    []string
	statement int // statements the close sent
	now       time.Time
}

func (s *closeTx) FindProjectByID(_ context.Context, id int64, _ market.LockMode) (*market.Project, error) {
	s.statement++
	p, ok := s.projects[id]
	if !ok {
		return nil, market.ErrProjectNotFound
	}
	c := *p
	return &c, nil
}
func (s *closeTx) FindSubmittedBidFacts(context.Context, []*market.Project, time.Time) ([]market.SubmittedBidFacts, error) {
	s.statement++
	return s.facts, nil
}
func (s *closeTx) SettleBids(_ context.Context, settled []market.BidSettlement, _ time.Time) error {
	s.statement++
	s.settled = settled
	for _, st := range settled {
		for _, bs := range s.bids {
			for _, b := range bs {
				if b.ID == st.BidID {
					b.Status = st.Status
				}
			}
		}
	}
	return nil
}
func (s *closeTx) CloseProjectRows(_ context.Context, changes []market.StatusChange, _ time.Time) error {
	s.statement++
	s.changes = changes
	return nil
}
func (s *closeTx) FindBidsOf(_ context.Context, ids []int64) (map[int64][]*market.Bid, error) {
	s.statement++
	out := map[int64][]*market.Bid{}
	for _, id := range ids {
		out[id] = s.bids[id]
	}
	return out, nil
}
func (s *closeTx) NextCloseIn(context.Context) (time.Duration, bool, error) { return 0, false, nil }
func (s *closeTx) FindLowPriceRule(context.Context, string) (*market.LowPriceRule, error) {
	s.statement++
	return nil, nil
}
func (s *closeTx) CreateLowPriceBids(_ context.Context, ls []*market.LowPriceBid) error {
	s.statement++
	s.lowPrices = ls
	return nil
}
func (s *closeTx) NotifyAuction(_ context.Context, ev market.AuctionEvent) error {
	s.auctions = append(s.auctions, ev)
	return nil
}
func (s *closeTx) WriteInboxEach(_ context.Context, ns []market.InboxNotice) error {
	s.statement++
	s.inbox = ns
	return nil
}
func (s *closeTx) Now(context.Context) (time.Time, error) { return s.now, nil }
func (s *closeTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *closeTx) AppendAudits(_ context.Context, es []kernel.AuditEntry) error {
	s.statement++
	for _, e := range es {
		s.audits = append(s.audits, e.Action)
	}
	return nil
}

// TestCloseProjects: a batch of closes judges every submitted bid with the
// bid's own eligibility rule and the amendment's confirmation, fails a
// project short of its minimum valid bids, flags an abnormally low price
// (the agency and the owner told), and writes it all in statements that do
// not grow with the bids.
func TestCloseProjects(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	eligible := func(id int64) market.AgencyFacts {
		return market.AgencyFacts{AgencyID: id, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive, OffersItem: true}
	}
	suspended := eligible(33)
	suspended.Status = kernel.StatusSuspended
	tx := &closeTx{now: now,
		projects: map[int64]*market.Project{
			1: {ID: 1, OwnerID: 100, Title: "甲项目", Status: market.ProjectBidding, Method: market.MethodLowestPrice, MinBids: 3, ClosesAt: now},
			2: {ID: 2, OwnerID: 100, Title: "乙项目", Status: market.ProjectBidding, Method: market.MethodLowestPrice, MinBids: 3, ClosesAt: now},
		},
		facts: []market.SubmittedBidFacts{
			{ProjectID: 1, BidID: 11, Facts: eligible(31)}, {ProjectID: 1, BidID: 12, Facts: eligible(32)},
			{ProjectID: 1, BidID: 13, Facts: eligible(34)}, {ProjectID: 1, BidID: 14, Facts: eligible(35)},
			{ProjectID: 2, BidID: 21, Facts: eligible(31)}, {ProjectID: 2, BidID: 22, Facts: suspended},
			{ProjectID: 2, BidID: 23, Facts: eligible(34), NeedsConfirmation: true},
		},
		bids: map[int64][]*market.Bid{
			1: {{ID: 11, AgencyID: 31, Price: 8_000_000}, {ID: 12, AgencyID: 32, Price: 8_200_000},
				{ID: 13, AgencyID: 34, Price: 8_100_000}, {ID: 14, AgencyID: 35, Price: 4_000_000}},
		}}
	p1, _ := tx.FindProjectByID(ctx, 1, market.LockUpdate)
	p2, _ := tx.FindProjectByID(ctx, 2, market.LockUpdate)
	tx.statement = 0
	due := now.Add(48 * time.Hour)
	if err := market.CloseProjects(ctx, tx, []*market.Project{p1, p2}, now, due); err != nil {
		t.Fatal(err)
	}
	if p1.Status != market.ProjectEvaluating || p2.Status != market.ProjectFailed || p1.ClosedAt == nil {
		t.Fatalf("after the close: %s, %s", p1.Status, p2.Status)
	}
	reasons := map[int64]string{}
	for _, st := range tx.settled {
		reasons[st.BidID] = st.Status + ":" + st.Reason
	}
	for id, want := range map[int64]string{11: "valid:", 14: "valid:", 21: "valid:", 22: "invalid:" + market.IneligibleInactive,
		23: "invalid:" + market.BidInvalidUnconfirmed} {
		if reasons[id] != want {
			t.Errorf("bid %d settled %q, want %q", id, reasons[id], want)
		}
	}
	if len(tx.lowPrices) != 1 || tx.lowPrices[0].BidID != 14 || !tx.lowPrices[0].DueAt.Equal(due) || tx.lowPrices[0].Status != market.LowPricePending {
		t.Errorf("low prices: %+v", tx.lowPrices)
	}
	if len(tx.inbox) != 2 || tx.inbox[0].AccountID != 35 || tx.inbox[1].AccountID != 100 {
		t.Errorf("notices: %+v", tx.inbox)
	}
	if want := 3; len(tx.audits) != want {
		t.Errorf("audits %v, want a low_price.found and two project.closed", tx.audits)
	}
	// Facts, settlements, rows, bids, the item's rule, low prices, notices,
	// audit: eight statements for two projects and seven bids.
	if tx.statement != 8 {
		t.Errorf("the close sent %d statements, want 8", tx.statement)
	}
}

func (s *closeTx) FindBids(_ context.Context, projectID int64) ([]*market.Bid, error) {
	return s.bids[projectID], nil
}
func (s *closeTx) FindBid(_ context.Context, projectID, agencyID int64) (*market.Bid, error) {
	for _, b := range s.bids[projectID] {
		if b.AgencyID == agencyID {
			return b, nil
		}
	}
	return nil, kernel.Errorf(kernel.ENOTFOUND, "bid_not_found", "Bid not found.")
}
func (s *closeTx) FindAgencyBids(_ context.Context, agencyID int64, ids []int64) ([]*market.Bid, error) {
	var out []*market.Bid
	for _, id := range ids {
		if b, err := s.FindBid(context.Background(), id, agencyID); err == nil {
			out = append(out, b)
		}
	}
	return out, nil
}

// TestBids_SealedUntilTheClose: before the deadline the bid list is sealed
// to everyone alike; once it has passed, the first reader closes the
// project, and the owner reads the live bids (a withdrawn one never),
// another agency nothing; an agency reads its own bid at any time.
func TestBids_SealedUntilTheClose(t *testing.T) {
	ctx := context.Background()
	closes := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	eligible := func(id int64) market.AgencyFacts {
		return market.AgencyFacts{AgencyID: id, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive, OffersItem: true}
	}
	tx := &closeTx{now: closes.Add(-time.Minute),
		projects: map[int64]*market.Project{1: {ID: 1, OwnerID: 100, Status: market.ProjectBidding, Method: market.MethodRandomDraw, MinBids: 1, ClosesAt: closes}},
		facts:    []market.SubmittedBidFacts{{ProjectID: 1, BidID: 11, Facts: eligible(31)}},
		bids: map[int64][]*market.Bid{1: {{ID: 11, ProjectID: 1, AgencyID: 31, Price: 8_000_000, Status: market.BidSubmitted},
			{ID: 12, ProjectID: 1, AgencyID: 32, Price: 7_000_000, Status: market.BidWithdrawn}}}}
	bs := &market.Bids{Store: tx, InTx: func(ctx context.Context, fn func(market.BidListTx) error) error { return fn(tx) },
		LowPriceDue: func(now time.Time) time.Time { return now.Add(48 * time.Hour) }}
	owner, agency := kernel.Actor{ID: 100, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 31, Role: kernel.RoleAgency}
	page := kernel.Page{Page: 1, PerPage: 20}

	for _, a := range []kernel.Actor{owner, agency, {ID: 7, Role: kernel.RoleAdmin}} {
		if _, err := bs.List(ctx, a, 1, page); err != market.ErrBidsSealed {
			t.Errorf("%s read the bids before the close: %v", a.Role, err)
		}
	}
	if b, err := bs.Mine(ctx, agency, 1); err != nil || b.ID != 11 {
		t.Errorf("the agency's own bid: %+v, %v", b, err)
	}
	if m, err := bs.MineOn(ctx, owner, []int64{1}); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("an enterprise read bids of its own: %v, %v", m, err)
	}

	tx.now = closes
	if _, err := bs.List(ctx, agency, 1, page); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("an agency read every bid after the close: %v", err)
	}
	if tx.changes == nil || tx.changes[0].To != market.ProjectEvaluating {
		t.Fatalf("the first reader after the deadline did not close the project: %+v", tx.changes)
	}
	tx.projects[1].Status, tx.projects[1].ClosedAt = market.ProjectEvaluating, &closes
	l, err := bs.List(ctx, owner, 1, page)
	if err != nil || l.Total != 1 || l.Items[0].ID != 11 {
		t.Errorf("the owner's list: %+v, %v", l, err)
	}
}

// TestCloseBatchLimit: on the second a runner takes a few projects, so
// that closes due together close together; behind a backlog it takes a
// hundred, fewer statements per project.
func TestCloseBatchLimit(t *testing.T) {
	for _, c := range []struct {
		overdue time.Duration
		want    int
	}{
		{-time.Second, market.CloseWorkerBatch},
		{0, market.CloseWorkerBatch},
		{300 * time.Millisecond, market.CloseWorkerBatch},
		{market.CloseBacklogAfter, market.CloseWorkerBatch},
		{market.CloseBacklogAfter + time.Millisecond, market.CloseBatchSize},
		{time.Hour, market.CloseBatchSize},
	} {
		if got := market.CloseBatchLimit(c.overdue); got != c.want {
			t.Errorf("overdue %s: batches of %d, want %d", c.overdue, got, c.want)
		}
	}
}
