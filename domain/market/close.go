package market

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/kernel"
)

// CloseBatchSize is how many projects one batch closes in one transaction
// behind a backlog (CloseBatchLimit) and when the closes run in the
// caller's transaction (Marketplace.CloseBiddingJob: demo data, tests); a
// batch is closed as a set, in the same statements for one project or a
// hundred.
const CloseBatchSize = 100

// CloseWorkers and CloseWorkerBatch are how the scheduler's close_bidding
// closes on the second: CloseWorkers runners at once, each taking batches
// of up to CloseWorkerBatch projects (rows locked SKIP LOCKED, so no two
// take the same project), each batch one transaction. When many closes
// fall due in the same second (a province's projects closing at
// 17:00:00), one runner with one batch shares the two cores with every bid
// being placed, and the last project of the batch closed up to a second
// late; eight runners of three close them together, each with its own
// share of the database. The sizes were chosen with the load tool's close
// phase (docs/performance.md, "eight close runners").
const (
	CloseWorkers     = 8
	CloseWorkerBatch = 3
)

// CloseBacklogAfter is how overdue the earliest close must be for the
// runners to be behind a backlog (a restart after an outage, more closes
// in one second than a second's work) rather than on the second. Behind a
// backlog, batches of three cost more statements per project than they
// save in waiting (docs/performance.md, "Behind a backlog").
const CloseBacklogAfter = time.Second

// CloseBatchLimit is how many projects a runner's next batch takes when
// the earliest close is overdue by overdue: CloseWorkerBatch on the
// second, CloseBatchSize behind a backlog.
func CloseBatchLimit(overdue time.Duration) int {
	if overdue > CloseBacklogAfter {
		return CloseBatchSize
	}
	return CloseWorkerBatch
}

// CloseStore is what closing a project needs beyond locking it: the bids
// are judged and settled as a set, in a fixed number of statements however
// many bids the project holds (docs/performance.md).
type CloseStore interface {
	// FindSubmittedBidFacts returns, for every submitted bid on the
	// projects, the bid's ID with the eligibility facts of its agency on
	// its project, in one statement; the agencies' account rows are locked
	// FOR SHARE in account order, as a bid locks one.
	FindSubmittedBidFacts(ctx context.Context, ps []*Project, now time.Time) ([]SubmittedBidFacts, error)
	// SettleBids writes every settlement in one statement.
	SettleBids(ctx context.Context, settled []BidSettlement, now time.Time) error
	// CloseProjectRows writes the closes of a batch of locked projects
	// (RowCloser).
	RowCloser
	// FindBidsOf returns the bids of each project, as FindBids, in one
	// statement.
	FindBidsOf(ctx context.Context, projectIDs []int64) (map[int64][]*Bid, error)
	// NextCloseIn is how long until the earliest close of a project in
	// bidding by the platform clock, negative when that close has passed
	// (by as much); ok is false when no project is in bidding.
	NextCloseIn(ctx context.Context) (in time.Duration, ok bool, err error)
}

// SubmittedBidFacts is one submitted bid with its agency's eligibility facts.
type SubmittedBidFacts struct {
	ProjectID int64
	BidID     int64
	// NeedsConfirmation: placed before a material amendment and neither
	// confirmed nor revised since (更正公告): invalid at the close.
	NeedsConfirmation bool
	Facts             AgencyFacts
}

// BidSettlement is the status a bid takes at the close, with the message
// id of the reason when it is invalid.
type BidSettlement struct {
	BidID  int64
	Status string
	Reason string
}

// InboxNotice is an in-app notice to one account.
type InboxNotice struct {
	AccountID int64
	AgencyNotice
}

// CloseTx is the transaction of a batch of closes: the bids, the projects'
// rows, the low-price rules and flags, the auctions' watchers, the in-app
// notices and the audit log.
type CloseTx interface {
	ProjectReader
	CloseStore
	// FindLowPriceRule returns the item's override, or nil for the default.
	FindLowPriceRule(ctx context.Context, itemCode string) (*LowPriceRule, error)
	// CreateLowPriceBids inserts the low prices found at a batch of
	// closes, in one statement for the usual batch.
	CreateLowPriceBids(ctx context.Context, ls []*LowPriceBid) error
	AuctionNotifier
	// WriteInboxEach writes each notice to its account, in one statement.
	WriteInboxEach(ctx context.Context, ns []InboxNotice) error
	kernel.Auditor
	// AppendAudits appends the entries in one statement, as AppendAudit.
	AppendAudits(ctx context.Context, entries []kernel.AuditEntry) error
}

// CloseDue closes one project at request time when its deadline has passed
// and it is still in bidding; it locks the row FOR UPDATE and returns the
// project as it now stands. lowPriceDue is when an explanation asked for
// at now is due.
func CloseDue(ctx context.Context, s CloseTx, id int64, lowPriceDue func(now time.Time) time.Time) (*Project, error) {
	p, err := s.FindProjectByID(ctx, id, LockUpdate)
	if err != nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	if p.Status == ProjectBidding && !now.Before(p.ClosesAt) {
		if err := CloseProjects(ctx, s, []*Project{p}, now, lowPriceDue(now)); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// CloseProjects settles the bids of locked projects whose deadline passed
// (settleBids); a project with fewer valid bids than min_bids fails (流标),
// the others go to evaluation, where abnormally low bids wait for their
// explanation until lowPriceDue. A batch is closed as sets: the same
// statements for one project or a hundred (bids, statuses, bids read
// back, low prices, notifications, audit rows), so that closes due in the
// same second are all on time; only an item's low-price rule and an
// auction's closing event cost a statement each. The caller holds the
// rows locked.
func CloseProjects(ctx context.Context, s CloseTx, ps []*Project, now, lowPriceDue time.Time) error {
	if len(ps) == 0 {
		return nil
	}
	counts, err := settleBids(ctx, s, ps, now)
	if err != nil {
		return err
	}
	evs := make([]Event, len(ps))
	for i, p := range ps {
		evs[i] = EventClose
		if counts[p.ID].valid < p.MinBids {
			evs[i] = EventCloseFailed
		}
	}
	if err := CloseRows(ctx, s, ps, evs, now); err != nil {
		return err
	}
	var checked []*Project
	for _, p := range ps {
		if InLowPriceCheck(p) {
			checked = append(checked, p)
		}
	}
	var flags lowPriceFlags
	if len(checked) > 0 {
		ids := make([]int64, len(checked))
		for i, p := range checked {
			ids[i] = p.ID
		}
		// One statement for every bid of every such project, settled above.
		bids, err := s.FindBidsOf(ctx, ids)
		if err != nil {
			return err
		}
		rules := &lowPriceRules{s: s}
		for _, p := range checked {
			rule, err := rules.of(ctx, p.ItemCode)
			if err != nil {
				return err
			}
			flagLowPrices(p, bids[p.ID], rule, now, lowPriceDue, &flags)
		}
		if err := s.CreateLowPriceBids(ctx, flags.bids); err != nil {
			return err
		}
		if err := s.WriteInboxEach(ctx, flags.notes); err != nil {
			return err
		}
	}
	audits := flags.audits
	for _, p := range ps {
		if p.IsAuction() {
			ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventClosed, Status: p.Status, ClosesAt: p.ClosesAt,
				Bids: p.AuctionBids, Extensions: p.Extensions, BestPrice: p.BestPrice, At: now}
			if err := s.NotifyAuction(ctx, ev); err != nil {
				return err
			}
		}
		c := counts[p.ID]
		audits = append(audits, kernel.NewAudit(kernel.SystemActor, "project.closed", "project", ProjectSubject(p.ID),
			map[string]any{"status": p.Status, "valid_bids": c.valid, "invalid_bids": c.invalid, "min_bids": p.MinBids, "closes_at": p.ClosesAt}))
	}
	return s.AppendAudits(ctx, audits)
}

// bidCount is how a project's submitted bids were judged at its close.
type bidCount struct{ valid, invalid int }

// settleBids judges every submitted bid of locked projects at their close:
// a bid becomes valid, or invalid with the reason when its agency is no
// longer eligible (suspended, blacklisted, qualification expired…). The
// facts are read and the statuses written as sets, two statements whatever
// the number of bids and projects, so that a close with thousands of bids
// stays within its deadline budget; the rule itself is EligibilityError,
// the one the bid request applies.
func settleBids(ctx context.Context, s CloseStore, ps []*Project, now time.Time) (map[int64]bidCount, error) {
	bids, err := s.FindSubmittedBidFacts(ctx, ps, now)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*Project, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	counts := make(map[int64]bidCount, len(ps))
	settled := make([]BidSettlement, len(bids))
	for i, b := range bids {
		c := counts[b.ProjectID]
		settled[i] = BidSettlement{BidID: b.BidID, Status: BidValid}
		if b.NeedsConfirmation {
			settled[i].Status, settled[i].Reason = BidInvalid, BidInvalidUnconfirmed
			c.invalid++
		} else if e, ok := kernel.AsError(EligibilityError(byID[b.ProjectID], &b.Facts, now)); ok {
			settled[i].Status, settled[i].Reason = BidInvalid, e.Reason
			c.invalid++
		} else {
			c.valid++
		}
		counts[b.ProjectID] = c
	}
	return counts, s.SettleBids(ctx, settled, now)
}

// lowPriceRules reads each item's low-price rule once (DefaultLowPriceRule
// when the item has none of its own): a batch of closes shares them.
type lowPriceRules struct {
	s    CloseTx
	seen map[string]LowPriceRule
}

func (r *lowPriceRules) of(ctx context.Context, item string) (LowPriceRule, error) {
	if rule, ok := r.seen[item]; ok {
		return rule, nil
	}
	rule := DefaultLowPriceRule
	if own, err := r.s.FindLowPriceRule(ctx, item); err != nil {
		return rule, err
	} else if own != nil {
		rule = *own
	}
	if r.seen == nil {
		r.seen = map[string]LowPriceRule{}
	}
	r.seen[item] = rule
	return rule, nil
}

// lowPriceFlags is what the closes of a batch write about abnormally low
// bids, gathered so that it is written in one statement per kind however
// many bids are flagged.
type lowPriceFlags struct {
	bids   []*LowPriceBid
	audits []kernel.AuditEntry
	notes  []InboxNotice
}

// flagLowPrices runs at the close of a sealed-bid project that goes to
// evaluation: every valid bid below the threshold waits for an explanation
// until due; the owner and the agency are told. It adds to f what to write.
func flagLowPrices(p *Project, bids []*Bid, rule LowPriceRule, now, due time.Time, f *lowPriceFlags) {
	if !InLowPriceCheck(p) {
		return
	}
	var prices []kernel.Money
	for _, b := range bids {
		if b.Status == BidValid {
			prices = append(prices, b.Price)
		}
	}
	threshold := LowPriceThreshold(prices, p.CeilingPrice, rule)
	found := 0
	for _, b := range bids {
		if b.Status != BidValid || b.Price >= threshold {
			continue
		}
		l := &LowPriceBid{ProjectID: p.ID, BidID: b.ID, AgencyID: b.AgencyID, Price: b.Price, Threshold: threshold,
			Status: LowPricePending, DueAt: due}
		f.bids = append(f.bids, l)
		found++
		f.audits = append(f.audits, kernel.NewAudit(kernel.SystemActor, "low_price.found", "project", ProjectSubject(p.ID),
			map[string]any{"bid_id": b.ID, "agency_id": b.AgencyID, "threshold": threshold, "due_at": l.DueAt, "rule": rule}))
		f.notes = append(f.notes, InboxNotice{AccountID: b.AgencyID, AgencyNotice: AgencyNotice{Kind: "low_price.found", Title: "报价异常低，请书面说明",
			Body: p.Title, ProjectID: p.ID, DedupeKey: "low_price:" + strconv.FormatInt(b.ID, 10), At: now}})
	}
	if found == 0 {
		return
	}
	f.notes = append(f.notes, InboxNotice{AccountID: p.OwnerID, AgencyNotice: AgencyNotice{Kind: "low_price.found", Title: "有投标报价异常低，待机构说明",
		Body: p.Title, ProjectID: p.ID, DedupeKey: "low_price_owner:" + strconv.FormatInt(p.ID, 10), At: now}})
}
