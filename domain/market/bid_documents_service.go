package market

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// BidDocumentStore persists the documents of sealed bids and their
// receipts.
type BidDocumentStore interface {
	// AttachBidDocument writes d (setting ID) and its evidence;
	// ErrBidDocumentExists when the bid already has this file,
	// ErrBiddingClosed when the deadline guard refuses it.
	AttachBidDocument(ctx context.Context, d *BidDocument, ev Evidence) error
	// DetachBidDocument deletes d and writes its evidence.
	DetachBidDocument(ctx context.Context, d *BidDocument, ev Evidence) error
	// FindBidDocuments lists the documents of one agency's bid, oldest first.
	FindBidDocuments(ctx context.Context, projectID, agencyID int64) ([]*BidDocument, error)
	// FindProjectBidDocuments lists the documents of every bid on a project
	// whose bid is not withdrawn, by agency then upload order.
	FindProjectBidDocuments(ctx context.Context, projectID int64) ([]*BidDocument, error)
	// FindBidDocument reads one document of the project (ErrBidDocumentNotFound).
	FindBidDocument(ctx context.Context, projectID, docID int64) (*BidDocument, error)
}

// AddBidDocument attaches a document (响应文件) to the agency's submitted
// sealed bid. The upload is staged and checked (AttachmentRules) before the
// transaction; in it, the deadline is checked against the platform clock
// after the project lock, as for a price, and the file reaches its content
// address only as the transaction's last step, so a refused upload leaves
// nothing behind. Every change seals a new receipt (bid_receipt.sealed audit row).
func (bd *Bidding) AddBidDocument(ctx context.Context, actor kernel.Actor, projectID int64, up BidDocumentUpload, body io.Reader) (*BidDocument, error) {
	if err := kernel.Authorize(actor, kernel.ActBidDocument); err != nil {
		return nil, err
	}
	if err := requireBidder(actor); err != nil {
		return nil, err
	}
	if body == nil {
		return nil, ErrBidDocumentMissing
	}
	if bd.Files == nil {
		return nil, files.ErrUploadsDisabled
	}
	// typed by its content with the one typer, as notice documents are
	staged, media, err := files.StageTyped(ctx, bd.Files, bd.Typer, body, files.AttachmentRules.MaxSize)
	if err != nil {
		return nil, err
	}
	defer staged.Discard()
	if err := files.AttachmentRules.Check(media, staged.Size(), 1); err != nil {
		return nil, err
	}
	d := &BidDocument{ProjectID: projectID, AgencyID: actor.ID, SHA256: staged.SHA256(), MediaType: media,
		Size: staged.Size(), FileName: kernel.TruncateRunes(up.FileName, 255)}
	err = files.KeepLast(ctx, bd.Files, func(keep func(files.Keeper, string) error) error {
		return bd.InTx(ctx, func(s BiddingTx) error {
			p, b, now, err := openBidForDocuments(ctx, s, actor, projectID)
			if err != nil {
				return err
			}
			docs, err := s.FindBidDocuments(ctx, p.ID, actor.ID)
			if err != nil {
				return err
			}
			for _, o := range docs {
				if o.SHA256 == d.SHA256 {
					return ErrBidDocumentExists
				}
			}
			if err := files.AttachmentRules.Check(d.MediaType, d.Size, len(docs)+1); err != nil {
				return err
			}
			if err := s.CreateFile(ctx, files.Document{SHA256: d.SHA256, MediaType: d.MediaType, Size: d.Size}); err != nil {
				return err
			}
			d.UploadedAt = now
			if err := s.AttachBidDocument(ctx, d, Evidence{Actor: actor, ProjectID: p.ID, Action: EvidenceDocumentAdd, Client: up.Client, DocSHA256: d.SHA256, At: now}); err != nil {
				return err
			}
			if err := sealReceipt(ctx, s, actor, b, documentDigests(append(docs, d)), now); err != nil {
				return err
			}
			return keep(staged, d.SHA256)
		})
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// RemoveBidDocument detaches one of the agency's documents while bidding is
// open. The file stays in the content store: the evidence names it.
func (bd *Bidding) RemoveBidDocument(ctx context.Context, actor kernel.Actor, projectID, docID int64, client kernel.Client) error {
	if err := kernel.Authorize(actor, kernel.ActBidDocument); err != nil {
		return err
	}
	if err := requireBidder(actor); err != nil {
		return err
	}
	return bd.InTx(ctx, func(s BiddingTx) error {
		p, b, now, err := openBidForDocuments(ctx, s, actor, projectID)
		if err != nil {
			return err
		}
		d, err := s.FindBidDocument(ctx, p.ID, docID)
		if err != nil {
			return err
		}
		if d.AgencyID != actor.ID {
			return ErrBidDocumentNotFound
		}
		if err := s.DetachBidDocument(ctx, d, Evidence{Actor: actor, ProjectID: p.ID, Action: EvidenceDocumentRemove, Client: client, DocSHA256: d.SHA256, At: now}); err != nil {
			return err
		}
		docs, err := s.FindBidDocuments(ctx, p.ID, actor.ID)
		if err != nil {
			return err
		}
		return sealReceipt(ctx, s, actor, b, documentDigests(docs), now)
	})
}

// openBidForDocuments locks the project as a bid does and returns the
// agency's submitted bid: documents attach to a bid, never before one.
func openBidForDocuments(ctx context.Context, s BiddingTx, actor kernel.Actor, projectID int64) (*Project, *Bid, time.Time, error) {
	p, now, bidder, err := openAsBidder(ctx, s, actor, projectID, LockShare, BidderRead{})
	if err != nil {
		return nil, nil, now, err
	}
	if p.IsAuction() {
		return nil, nil, now, ErrAuctionNoDocuments
	}
	if err := checkBidder(ctx, s, actor, p, now, bidder); err != nil {
		return nil, nil, now, err
	}
	b, err := s.LockBid(ctx, p.ID, actor.ID)
	if err != nil {
		return nil, nil, now, err
	}
	if b.Status != BidSubmitted {
		return nil, nil, now, ErrBidNotSubmitted
	}
	return p, b, now, nil
}

// MyBidDocuments lists the agency's own documents: like its price, the one
// thing about them it may see before the close.
func (bd *Bidding) MyBidDocuments(ctx context.Context, actor kernel.Actor, projectID int64) ([]*BidDocument, error) {
	if err := kernel.Authorize(actor, kernel.ActBidDocument); err != nil {
		return nil, err
	}
	if _, err := bd.Bids.Mine(ctx, actor, projectID); err != nil {
		return nil, err
	}
	return bd.Store.FindBidDocuments(ctx, projectID, actor.ID)
}

// ListBidDocuments lists the documents of every live bid once bidding has
// closed, to those who read the bids; before, it answers ErrBidsSealed to
// everyone alike, as ListBids does.
func (bd *Bidding) ListBidDocuments(ctx context.Context, actor kernel.Actor, projectID int64) ([]*BidDocument, error) {
	var out []*BidDocument
	err := bd.InTx(ctx, func(s BiddingTx) error {
		if _, err := OpenBidsForReading(ctx, s, actor, projectID, bd.Bids.LowPriceDue); err != nil {
			return err
		}
		var err error
		out, err = s.FindProjectBidDocuments(ctx, projectID)
		return err
	})
	return out, err
}

// OpenBidDocument returns a document and its content. The agency that
// attached it reads it at any time; anyone else meets the seal first (the
// same answer whether the document exists or not), then CanReadBids.
// The caller closes the reader.
func (bd *Bidding) OpenBidDocument(ctx context.Context, actor kernel.Actor, projectID, docID int64) (*BidDocument, io.ReadCloser, error) {
	if bd.Files == nil {
		return nil, nil, files.ErrUploadsDisabled
	}
	var d *BidDocument
	err := bd.InTx(ctx, func(s BiddingTx) error {
		if actor.Role == kernel.RoleAgency {
			own, err := s.FindBidDocument(ctx, projectID, docID)
			if err == nil && own.AgencyID == actor.ID {
				d = own
				return nil
			} else if err != nil && kernel.ErrorCode(err) != kernel.ENOTFOUND {
				return err
			}
		}
		if _, err := OpenBidsForReading(ctx, s, actor, projectID, bd.Bids.LowPriceDue); err != nil {
			return err
		}
		var err error
		d, err = s.FindBidDocument(ctx, projectID, docID)
		if err != nil {
			return err
		}
		// A withdrawn bid's documents reach no reader, as its price.
		b, err := s.FindBid(ctx, projectID, d.AgencyID)
		if err != nil {
			return err
		}
		if b.Status == BidWithdrawn {
			return ErrBidDocumentNotFound
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	rc, err := bd.Files.Open(ctx, d.SHA256)
	if err != nil {
		return nil, nil, err
	}
	return d, rc, nil
}

// MyBidReceipt is the agency's receipt (报价回执) of its current bid: the
// latest sealed receipt, checked against the bid as it stands.
func (bd *Bidding) MyBidReceipt(ctx context.Context, actor kernel.Actor, projectID int64) (*BidReceipt, error) {
	if err := kernel.Authorize(actor, kernel.ActBidDocument); err != nil {
		return nil, err
	}
	b, err := bd.Bids.Mine(ctx, actor, projectID)
	if err != nil {
		return nil, err
	}
	if b.Status == BidWithdrawn {
		return nil, ErrBidNotSubmitted
	}
	p, err := bd.Store.FindProjectByID(ctx, projectID, NoLock)
	if err != nil {
		return nil, err
	}
	r, err := bd.Store.FindBidReceipt(ctx, projectID, actor.ID)
	if err != nil {
		return nil, err
	}
	docs, err := bd.Store.FindBidDocuments(ctx, projectID, actor.ID)
	if err != nil {
		return nil, err
	}
	r.Canonical = canonicalReceipt(b, documentDigests(docs), r.Nonce)
	if ReceiptDigest(r.Canonical) != r.Digest {
		// The bid changed without a new receipt: a defect, never shown as
		// a receipt the audit chain would contradict.
		return nil, ErrReceiptOutdated
	}
	r.ProjectTitle, r.AgencyName = p.Title, b.AgencyName
	r.Price, r.ServiceDays, r.SubmittedAt, r.ProposalSHA256 = b.Price, b.ServiceDays, b.SubmittedAt, proposalSHA256(b.Proposal)
	r.Documents = make([]BidReceiptDocument, len(docs))
	for i, d := range docs {
		r.Documents[i] = BidReceiptDocument{SHA256: d.SHA256, FileName: d.FileName, Size: d.Size}
	}
	return r, nil
}

// sealReceipt commits to the bid as it now stands: a fresh nonce, the
// digest of the canonical receipt, and an audit row that carries the
// digest only (the nonce keeps a guessable price from being found by
// hashing candidates).
func sealReceipt(ctx context.Context, s BiddingTx, actor kernel.Actor, b *Bid, docs []string, now time.Time) error {
	var raw [16]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return err
	}
	nonce := hex.EncodeToString(raw[:])
	digest := ReceiptDigest(canonicalReceipt(b, docs, nonce))
	r := &BidReceipt{ProjectID: b.ProjectID, AgencyID: b.AgencyID, Nonce: nonce, Digest: digest, IssuedAt: now}
	return s.SaveBidReceipt(ctx, r, kernel.NewAudit(actor, AuditBidReceipt, "project", ProjectSubject(b.ProjectID),
		map[string]any{"agency_id": b.AgencyID, "receipt_sha256": digest}))
}

// requireBidder lets agencies alone at their bids' documents and lists:
// anyone else has no bid to show.
func requireBidder(actor kernel.Actor) error {
	if actor.IsAnonymous() {
		return kernel.ErrUnauthenticated
	}
	if actor.Role != kernel.RoleAgency {
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleNotAgency, "Only agency accounts have bids.")
	}
	return nil
}

// Errors of bid documents and receipts that name a state.
var (
	ErrAuctionNoDocuments = &kernel.Error{Code: kernel.ECONFLICT, Reason: "auction_no_documents", Message: "Reverse-auction bids carry no documents."}
	ErrReceiptNotFound    = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "receipt_not_found", Message: "This bid has no receipt yet; revise the bid to have one issued."}
	ErrReceiptOutdated    = &kernel.Error{Code: kernel.EINTERNAL, Reason: "receipt_outdated", Message: "The receipt no longer matches the bid."}
)
