package market

import (
	"context"
	"errors"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// BidInput is a sealed bid as submitted. ServiceDays 0 means the project's.
type BidInput struct {
	Price       kernel.Money
	Proposal    string
	ServiceDays int
	// Client is who sent the request (IP, user agent), recorded as
	// supervision evidence only (docs/risk.md); zero when unknown.
	Client kernel.Client
}

// Validate checks a sealed bid against the project's published terms
// (BidTerms.Validate), trimming the proposal and filling in the project's
// service days as that does.
func (in *BidInput) Validate(p *Project) error {
	t := BidTerms{Price: in.Price, Proposal: in.Proposal, ServiceDays: in.ServiceDays}
	err := t.Validate(p)
	in.Price, in.Proposal, in.ServiceDays = t.Price, t.Proposal, t.ServiceDays
	return err
}

// Bidder is what a bid needs to know about the agency placing it, read in
// one statement after the project row is locked (so that it sees every
// bid committed before the lock was granted).
type Bidder struct {
	Facts *AgencyFacts
	// BidStatus is the status of the agency's bid on the project, "" when
	// it has none.
	BidStatus string
	// AuctionNo is the agency's anonymous bidder number on a reverse
	// auction: the one it already has, or the next free one (0 when the
	// caller did not ask for it).
	AuctionNo int
	// Documents are the SHA-256 of the documents its sealed bid keeps, in
	// the order they were attached (what a receipt names), read once its
	// bid row is locked (none for an auction bidder).
	Documents []string
}

// BidderRead says what LockProjectForBidder reads of a bidder besides its
// eligibility facts and its bid's status.
type BidderRead struct {
	// AuctionNo: its auction bidder number.
	AuctionNo bool
	// Documents: the documents its sealed bid keeps, read after the bid
	// row lock (a statement of its own).
	Documents bool
}

// The actions of a bid that supervision keeps evidence of: the bid's own,
// and the attachment of a document to it (whose evidence carries the
// file's hash, not the proposal's). Supervision reads the same values; a
// test in domain keeps the two equal.
const (
	EvidenceSubmit         = "submit"
	EvidenceRevise         = "revise"
	EvidenceWithdraw       = "withdraw"
	EvidenceDocumentAdd    = "document_add"
	EvidenceDocumentRemove = "document_remove"
)

// Evidence names one action on a bid for supervision (docs/risk.md): who
// sent it, and the proposal or document it carried. The market never
// reads evidence back; domain turns it into supervision's evidence row,
// written in the bid's own transaction.
type Evidence struct {
	Actor     kernel.Actor
	ProjectID int64
	Action    string
	Client    kernel.Client
	// Proposal is a bid's proposal text; DocSHA256 a document's hash
	// (document actions).
	Proposal  string
	DocSHA256 string
	At        time.Time
}

// BidWrite is everything one accepted bid writes: the bid, its evidence
// and its audit row, and for a reverse auction the auction bid, the
// project's new auction state and the event to publish on commit. The
// store writes it in one round trip.
type BidWrite struct {
	Bid      *Bid
	Evidence Evidence
	Audit    kernel.AuditEntry
	Auction  *AuctionWrite
	// First says the bidder was read with no bid on the project: the
	// store then refuses (ErrBidSubmittedMeanwhile) to replace a bid of
	// the agency's that another request submitted meanwhile.
	First bool
}

// ErrBidSubmittedMeanwhile refuses a first sealed bid whose agency's bid
// another request submitted meanwhile: its receipt would not name the
// documents attached since. PlaceBid submits it again, as a revision.
var ErrBidSubmittedMeanwhile = &kernel.Error{Code: kernel.ECONFLICT, Reason: "bid_submitted_meanwhile",
	Message: "Another request submitted your bid on this project at the same moment; submit again to revise it."}

// AuctionWrite is the reverse-auction part of a BidWrite.
type AuctionWrite struct {
	Bid *AuctionBid
	// Project carries the new best price, bid count, close and extensions.
	Project *Project
	Event   AuctionEvent
	// History is filled by the store as the bid commits: the auction's
	// bids in order, this one the last, read under the bid's own lock, so
	// that the bidder's answer is the auction as its bid left it. nil when
	// the store could not read it (the answer is then read after).
	History []*AuctionBid
}

// BiddingStore is the bid hot path: a bid takes a few statements (lock,
// bidder with the clock, writes) instead of one per fact.
type BiddingStore interface {
	BidReader
	// LockProjectForBid locks the project row in mode (NoLock: reads it)
	// and then reads the platform clock, in one statement; the project
	// comes without its avoid list (eligibility reads Avoided itself).
	LockProjectForBid(ctx context.Context, id int64, mode LockMode) (*Project, time.Time, error)
	// LockProjectForBidder locks the project row in mode and then, in a
	// statement of its own that sees every bid committed before the lock
	// was granted, reads the platform clock and agency's bidder at that
	// clock: its eligibility facts (locking the account row FOR SHARE),
	// its current bid's status (locking the bid row FOR UPDATE, so that
	// no document is attached until the transaction ends) and what read
	// asks besides. The store may send all in one round trip.
	LockProjectForBidder(ctx context.Context, id int64, mode LockMode, agencyID int64, read BidderRead) (*Project, time.Time, *Bidder, error)
	// WriteBid writes w; ErrBiddingClosed when the deadline guard refuses
	// the bid, which the store may say only when the transaction commits
	// (the writes then go with COMMIT). By then it has set w.Bid.ID (and
	// w.Auction.Bid.ID and w.Auction.History).
	WriteBid(ctx context.Context, w BidWrite) error
	// LockBid reads the agency's bid on the project and locks its row FOR
	// UPDATE (ErrBidNotFound).
	LockBid(ctx context.Context, projectID, agencyID int64) (*Bid, error)
	// SetBidStatus sets a bid's status (and its invalid reason).
	SetBidStatus(ctx context.Context, bidID int64, status, reason string, now time.Time) error
	// ConfirmBid clears the flag of the agency's submitted bid.
	ConfirmBid(ctx context.Context, projectID, agencyID int64, now time.Time) error
	// RecordEvidence writes the evidence of one bid action.
	RecordEvidence(ctx context.Context, e Evidence) error
	// SaveBidReceipt writes the receipt's audit row (AuditBidReceipt, with
	// the digest only) and the receipt.
	SaveBidReceipt(ctx context.Context, r *BidReceipt, audit kernel.AuditEntry) error
}

// BiddingTx is the transaction of a bid, a withdrawal, a confirmation or
// a bid document: the bid hot path, the bid documents, the files' records,
// the audit log and the close a read of the bids runs first (CloseTx);
// and the check, which reads investment projects, that an agency holding
// one stage of a checking pair does not bid for the other.
type BiddingTx interface {
	BidListTx
	BiddingStore
	BidDocumentStore
	CreateFile(ctx context.Context, d files.Document) error
	CheckStageConflict(ctx context.Context, agencyID int64, p *Project) error
}

// BiddingReads is what the bids' use cases read outside a transaction.
type BiddingReads interface {
	ProjectReader
	LockProjectForBid(ctx context.Context, id int64, mode LockMode) (*Project, time.Time, error)
	FindAuctionBids(ctx context.Context, projectID int64) ([]*AuctionBid, error)
	FindBidDocuments(ctx context.Context, projectID, agencyID int64) ([]*BidDocument, error)
	FindBidReceipt(ctx context.Context, projectID, agencyID int64) (*BidReceipt, error)
}

// AuctionFeed delivers auction events published by any replica (storage
// implements it with PostgreSQL LISTEN/NOTIFY). Subscribe returns a channel
// of the project's events and a function that ends the subscription.
type AuctionFeed interface {
	Subscribe(projectID int64) (<-chan AuctionEvent, func())
}

// Bidding holds the agencies' bids before the close: sealed bids, their
// withdrawal and confirmation after an amendment, reverse-auction bids and
// the auction's public state, and the documents and receipts of a sealed
// bid; domain.Marketplace builds one per call from its fields.
type Bidding struct {
	// Store reads outside a transaction.
	Store BiddingReads
	// InTx runs a function in one transaction; InBidTx does too, with
	// BEGIN sent with its first statements (LockProjectForBidder) and
	// COMMIT with the bid's writes and receipt: a bid in two round trips.
	InTx, InBidTx kernel.TxFunc[BiddingTx]
	// Bids reads the agency's own bid.
	Bids *Bids
	// Feed delivers auction events; nil on a replica wired without one.
	Feed AuctionFeed
	// Files keeps the documents; nil when uploads are not configured.
	Files files.Storage
	// Typer names a document's type by its content.
	Typer files.Typer
	// AuctionExtension and AuctionMaxExtensions: a bid in the last
	// extension before the close moves it by that much, so many times.
	AuctionExtension     time.Duration
	AuctionMaxExtensions int
}

// openForBids locks the project row in mode, then reads the platform clock:
// reading it only after the lock means a bid cannot pass the check and then
// wait behind the close. The project must be in bidding and before its
// effective close (closes_at), whatever the scheduler has done so far.
func openForBids(ctx context.Context, s BiddingTx, actor kernel.Actor, id int64, mode LockMode) (*Project, time.Time, error) {
	p, now, err := s.LockProjectForBid(ctx, id, mode)
	if err != nil {
		return nil, time.Time{}, err
	}
	return p, now, checkOpen(p, actor, now)
}

// openAsBidder is openForBids for the actor's own bid: the project locked
// in mode and open for bids, with the actor's bidder read after the lock
// (LockProjectForBidder: one round trip for both) but not yet checked
// (checkBidder).
func openAsBidder(ctx context.Context, s BiddingTx, actor kernel.Actor, id int64, mode LockMode, read BidderRead) (*Project, time.Time, *Bidder, error) {
	p, now, b, err := s.LockProjectForBidder(ctx, id, mode, actor.ID, read)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	if err := checkOpen(p, actor, now); err != nil {
		return nil, time.Time{}, nil, err
	}
	return p, now, b, nil
}

// checkOpen refuses a bid on p at now unless actor may see p and p is in
// bidding before its deadline.
func checkOpen(p *Project, actor kernel.Actor, now time.Time) error {
	if !p.CanSee(actor) {
		return ErrProjectNotFound
	}
	switch {
	case p.Status == ProjectBidding && !now.Before(p.ClosesAt):
		return ErrBiddingClosed
	case p.Status == ProjectDraft:
		return ErrNotBidding
	case p.Status != ProjectBidding:
		return &kernel.Error{Code: kernel.ECONFLICT, Reason: ErrBiddingClosed.Reason, Message: "Bidding on this project is closed (the project is " + p.Status + ")."}
	}
	return nil
}

// checkBidder refuses bidder b on p at now unless it is eligible and holds
// no conflicting stage of the same investment project.
func checkBidder(ctx context.Context, s BiddingTx, actor kernel.Actor, p *Project, now time.Time, b *Bidder) error {
	if err := EligibilityError(p, b.Facts, now); err != nil {
		return err
	}
	return s.CheckStageConflict(ctx, actor.ID, p)
}

// bidAudit is the audit row of an action on the agency's bid: it names
// the agency, never the price or the proposal (the audit log is readable
// before the close).
func bidAudit(actor kernel.Actor, action string, projectID int64) kernel.AuditEntry {
	return kernel.NewAudit(actor, action, "project", ProjectSubject(projectID), map[string]any{"agency_id": actor.ID})
}

// onOpenProject authorises actor to bid, then runs fn in a transaction of
// in's, on the project locked in mode and open for bids (openForBids; with
// read, openAsBidder, and fn gets the actor's unchecked bidder, else nil):
// what fn returns once the transaction commits, nothing with an error.
func onOpenProject[T any](ctx context.Context, in kernel.TxFunc[BiddingTx], actor kernel.Actor, projectID int64, mode LockMode, read *BidderRead,
	fn func(s BiddingTx, p *Project, now time.Time, b *Bidder) (T, error)) (T, error) {
	var out T
	if err := kernel.Authorize(actor, kernel.ActBid); err != nil {
		return out, err
	}
	err := in(ctx, func(s BiddingTx) error {
		var p *Project
		var now time.Time
		var b *Bidder
		var err error
		if read == nil {
			p, now, err = openForBids(ctx, s, actor, projectID, mode)
		} else {
			p, now, b, err = openAsBidder(ctx, s, actor, projectID, mode, *read)
		}
		if err != nil {
			return err
		}
		out, err = fn(s, p, now, b)
		return err
	})
	if err != nil {
		var none T
		return none, err
	}
	return out, nil
}

// PlaceBid submits or revises the agency's sealed bid. The deadline is
// checked inside the transaction against the platform clock read after the
// project row is locked FOR SHARE: the close job locks it FOR UPDATE, so a
// bid either commits before the close sees the bids or is refused.
func (bd *Bidding) PlaceBid(ctx context.Context, actor kernel.Actor, projectID int64, in BidInput) (*Bid, error) {
	b, err := bd.placeBid(ctx, actor, projectID, in)
	if errors.Is(err, ErrBidSubmittedMeanwhile) {
		// Another request of the agency's submitted its first bid while
		// this one was being placed: this one is now a revision of it,
		// and its receipt must name that bid's documents.
		b, err = bd.placeBid(ctx, actor, projectID, in)
	}
	return b, err
}

func (bd *Bidding) placeBid(ctx context.Context, actor kernel.Actor, projectID int64, in BidInput) (*Bid, error) {
	return onOpenProject(ctx, bd.InBidTx, actor, projectID, LockShare, &BidderRead{Documents: true}, func(s BiddingTx, p *Project, now time.Time, bidder *Bidder) (*Bid, error) {
		if p.IsAuction() {
			return nil, ErrUseAuction
		}
		if err := in.Validate(p); err != nil {
			return nil, err
		}
		if err := checkBidder(ctx, s, actor, p, now, bidder); err != nil {
			return nil, err
		}
		b := &Bid{ProjectID: p.ID, AgencyID: actor.ID, Price: in.Price, Proposal: in.Proposal, ServiceDays: in.ServiceDays,
			Status: BidSubmitted, SubmittedAt: now, UpdatedAt: now}
		action, evAction := "bid.submitted", EvidenceSubmit
		if bidder.BidStatus == BidSubmitted {
			action, evAction = "bid.revised", EvidenceRevise
		}
		err := s.WriteBid(ctx, BidWrite{Bid: b,
			Evidence: Evidence{Actor: actor, ProjectID: p.ID, Action: evAction, Client: in.Client, Proposal: in.Proposal, At: now},
			Audit:    bidAudit(actor, action, p.ID), First: bidder.BidStatus == ""})
		if err != nil {
			return nil, err
		}
		// The receipt commits to the new price with the documents the bid
		// keeps (a revision keeps them), read under the bid's row lock.
		return b, sealReceipt(ctx, s, actor, b, bidder.Documents, now)
	})
}

// WithdrawBid withdraws the agency's sealed bid before close. client is
// recorded as supervision evidence (docs/risk.md).
func (bd *Bidding) WithdrawBid(ctx context.Context, actor kernel.Actor, projectID int64, client kernel.Client) (*Bid, error) {
	return onOpenProject(ctx, bd.InTx, actor, projectID, LockShare, nil, func(s BiddingTx, p *Project, now time.Time, _ *Bidder) (*Bid, error) {
		if p.IsAuction() {
			return nil, kernel.Errorf(kernel.ECONFLICT, "auction_bid_final", "Reverse-auction bids are public and cannot be withdrawn.")
		}
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if err != nil {
			return nil, err
		}
		if b.Status != BidSubmitted {
			return nil, kernel.Errorf(kernel.ECONFLICT, "bid_not_submitted", "The bid is already %s.", b.Status)
		}
		if err := s.SetBidStatus(ctx, b.ID, BidWithdrawn, "", now); err != nil {
			return nil, err
		}
		b.Status, b.UpdatedAt = BidWithdrawn, now
		ev := Evidence{Actor: actor, ProjectID: p.ID, Action: EvidenceWithdraw, Client: client, Proposal: b.Proposal, At: now}
		if err := s.RecordEvidence(ctx, ev); err != nil {
			return nil, err
		}
		return b, s.AppendAudit(ctx, bidAudit(actor, "bid.withdrawn", p.ID))
	})
}

// ConfirmBid confirms the agency's sealed bid after an amendment, as it
// stands; a bid the amended terms no longer admit must be revised instead.
func (bd *Bidding) ConfirmBid(ctx context.Context, actor kernel.Actor, projectID int64) (*Bid, error) {
	return onOpenProject(ctx, bd.InTx, actor, projectID, LockShare, &BidderRead{}, func(s BiddingTx, p *Project, now time.Time, bidder *Bidder) (*Bid, error) {
		b, err := s.FindBid(ctx, p.ID, actor.ID)
		if err != nil {
			return nil, err
		}
		if b.Status != BidSubmitted || !b.NeedsConfirmation {
			return nil, ErrBidNoConfirmationNeeded
		}
		in := BidInput{Price: b.Price, Proposal: b.Proposal, ServiceDays: b.ServiceDays}
		if err := in.Validate(p); err != nil {
			return nil, err
		}
		if err := checkBidder(ctx, s, actor, p, now, bidder); err != nil {
			return nil, err
		}
		if err := s.ConfirmBid(ctx, p.ID, actor.ID, now); err != nil {
			return nil, err
		}
		b.NeedsConfirmation, b.UpdatedAt = false, now
		return b, s.AppendAudit(ctx, bidAudit(actor, "bid.confirmed", p.ID))
	})
}

// PlaceAuctionBid records a reverse-auction bid. Bids serialise on the
// project row (FOR UPDATE), so each sees the true current best: it must
// undercut it (the ceiling for the first bid) by at least the minimum step.
// A bid in the last AuctionExtension before closes_at extends it by that
// much, at most AuctionMaxExtensions times. The agency's row in bids keeps
// its latest price for the close and the award. client is recorded as
// supervision evidence (docs/risk.md).
func (bd *Bidding) PlaceAuctionBid(ctx context.Context, actor kernel.Actor, projectID int64, price kernel.Money, client kernel.Client) (*AuctionState, error) {
	var written *AuctionWrite
	_, err := onOpenProject(ctx, bd.InBidTx, actor, projectID, LockUpdate, &BidderRead{AuctionNo: true}, func(s BiddingTx, p *Project, now time.Time, bidder *Bidder) (struct{}, error) {
		var none struct{}
		if !p.IsAuction() {
			return none, ErrNotAuction
		}
		if err := checkBidder(ctx, s, actor, p, now, bidder); err != nil {
			return none, err
		}
		if err := CheckAuctionPrice(p, price); err != nil {
			return none, err
		}
		no := bidder.AuctionNo
		ab := &AuctionBid{ProjectID: p.ID, AgencyID: actor.ID, BidderNo: no, Price: price, At: now, Seq: p.AuctionBids + 1}
		evAction := EvidenceSubmit
		if bidder.BidStatus != "" {
			evAction = EvidenceRevise
		}
		p.BestPrice, p.AuctionBids = &price, ab.Seq
		ExtendAuction(p, now, bd.AuctionExtension, bd.AuctionMaxExtensions)
		ev := AuctionEvent{ProjectID: p.ID, Kind: AuctionEventBid, Status: p.Status, Seq: ab.Seq, Bidder: BidderLabel(no),
			Price: &price, BestPrice: &price, Bids: ab.Seq, Extensions: p.Extensions, ClosesAt: p.ClosesAt, At: now}
		// Auction prices are public by design; the agency stays anonymous
		// in the event, and is named only in the audit row.
		written = &AuctionWrite{Bid: ab, Project: p, Event: ev}
		err := s.WriteBid(ctx, BidWrite{
			Bid: &Bid{ProjectID: p.ID, AgencyID: actor.ID, Price: price, ServiceDays: p.ServiceDays,
				Status: BidSubmitted, SubmittedAt: now, UpdatedAt: now},
			Evidence: Evidence{Actor: actor, ProjectID: p.ID, Action: evAction, Client: client, At: now},
			Audit: kernel.NewAudit(actor, "auction.bid", "project", ProjectSubject(p.ID),
				map[string]any{"seq": ab.Seq, "price": price, "closes_at": p.ClosesAt, "extensions": p.Extensions}),
			Auction: written})
		return none, err
	})
	if err != nil {
		return nil, err
	}
	// The answer is the auction as this bid left it (the project as the
	// bid updated it, the history read as it committed): no read after.
	// A history the store could not give (it holds this bid, so it is
	// never empty) is read anew.
	if written.History == nil {
		return bd.GetAuction(ctx, actor, projectID)
	}
	return NewAuctionState(written.Project, written.History, bd.AuctionMaxExtensions, actor), nil
}

// GetAuction returns the public state of a reverse auction.
func (bd *Bidding) GetAuction(ctx context.Context, actor kernel.Actor, projectID int64) (*AuctionState, error) {
	// The state needs no avoid list: the lighter read of the bid path.
	p, _, err := bd.Store.LockProjectForBid(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	if !p.CanSee(actor) {
		return nil, ErrProjectNotFound
	}
	if !p.IsAuction() {
		return nil, ErrNotAuction
	}
	bids, err := bd.Store.FindAuctionBids(ctx, projectID)
	if err != nil {
		return nil, err
	}
	return NewAuctionState(p, bids, bd.AuctionMaxExtensions, actor), nil
}

// SubscribeAuction returns the auction's current state and a subscription
// to its later events, for the server-sent-event stream.
func (bd *Bidding) SubscribeAuction(ctx context.Context, actor kernel.Actor, projectID int64) (*AuctionState, <-chan AuctionEvent, func(), error) {
	if bd.Feed == nil {
		return nil, nil, nil, ErrStreamUnavailable
	}
	// Subscribe first so that no event falls between the snapshot and the feed.
	ch, cancel := bd.Feed.Subscribe(projectID)
	st, err := bd.GetAuction(ctx, actor, projectID)
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	return st, ch, cancel, nil
}
