package web

import (
	"context"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// bidDocRow is a document as a page lists it.
type bidDocRow struct {
	*market.BidDocument
	SizeText string
}

func bidDocRows(docs []*market.BidDocument) []bidDocRow {
	out := make([]bidDocRow, len(docs))
	for i, d := range docs {
		out[i] = bidDocRow{BidDocument: d, SizeText: sizeText(d.Size)}
	}
	return out
}

// bidDocsPanel is what the notice shows of bid documents: the agency's own
// (Mine) while it bids, or every live bid's (ByAgency) to a reader after
// the close. The domain answers the seal; the panel only shows.
type bidDocsPanel struct {
	Mine     []bidDocRow
	ByAgency map[int64][]bidDocRow
	MaxMB    int64
	Max      int
}

// noticeBidDocs fills the notice's panel for actor: the agency's own
// documents when it has a bid, every bid's when bids are readable.
func (p *Portal) noticeBidDocs(ctx context.Context, actor domain.Actor, projectID int64, mine *market.Bid, bids []*market.Bid) *bidDocsPanel {
	panel := &bidDocsPanel{MaxMB: files.AttachmentRules.MaxSize >> 20, Max: files.AttachmentRules.MaxCount}
	if mine != nil {
		if docs, err := p.market.Bidding().MyBidDocuments(ctx, actor, projectID); err == nil {
			panel.Mine = bidDocRows(docs)
		}
	}
	if len(bids) > 0 {
		if docs, err := p.market.Bidding().ListBidDocuments(ctx, actor, projectID); err == nil {
			panel.ByAgency = map[int64][]bidDocRow{}
			for _, r := range bidDocRows(docs) {
				panel.ByAgency[r.AgencyID] = append(panel.ByAgency[r.AgencyID], r)
			}
		}
	}
	return panel
}

// handleBidDocumentUploadForm attaches the chosen file; a refusal comes
// back on the notice beside the file field.
func (p *Portal) handleBidDocumentUploadForm(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(api.ActorOf(c), domain.ActBidDocument); err != nil {
		return err
	}
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	fh, ferr := c.FormFile("file")
	if err := api.BodyTooLarge(c); err != nil {
		return p.bidDocumentRefused(c, err)
	}
	if ferr != nil {
		return p.bidDocumentRefused(c, market.ErrBidDocumentMissing)
	}
	_, err = api.AddBidDocument(c, p.market, id, fh.Filename, func() (io.ReadSeekCloser, error) { return fh.Open() })
	if err != nil {
		return p.bidDocumentRefused(c, err)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#bid-docs")
}

func (p *Portal) bidDocumentRefused(c echo.Context, err error) error {
	de, ok := domain.AsError(err)
	if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND && de.Reason != market.ErrBidNotFound.Reason {
		return err
	}
	v := p.newPage(c, "", "")
	return p.renderNotice(c, api.StatusOf(de.Code), bidForm{Errors: map[string]string{"file": v.errorText(err)}})
}

func (p *Portal) handleBidDocumentRemoveForm(c echo.Context) error {
	id, docID, err := api.ProjectDocIDs(c, market.ErrBidDocumentNotFound)
	if err != nil {
		return err
	}
	err = p.market.Bidding().RemoveBidDocument(c.Request().Context(), api.ActorOf(c), id, docID,
		supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()})
	if err != nil {
		if de, ok := domain.AsError(err); ok && de.Code == domain.ECONFLICT {
			return p.bidDocumentRefused(c, err)
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#bid-docs")
}

// handleBidDocumentFile downloads a document for the page reader: the same
// rule as the API (the agency its own; after the close the readers of bids).
func (p *Portal) handleBidDocumentFile(c echo.Context) error {
	id, docID, err := api.ProjectDocIDs(c, market.ErrBidDocumentNotFound)
	if err != nil {
		return err
	}
	d, rc, err := p.market.Bidding().OpenBidDocument(c.Request().Context(), api.ActorOf(c), id, docID)
	if err != nil {
		return err
	}
	defer rc.Close()
	api.ServeDocument(c, d.FileName, d.SHA256, d.MediaType, d.Size)
	return c.Stream(http.StatusOK, d.MediaType, rc)
}

// receiptView is the printable receipt (报价回执).
type receiptView struct {
	R    *market.BidReceipt
	Docs []receiptDocRow
}

type receiptDocRow struct {
	market.BidReceiptDocument
	SizeText string
}

func (p *Portal) handleBidReceiptPage(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	r, err := p.market.Bidding().MyBidReceipt(c.Request().Context(), api.ActorOf(c), id)
	if err != nil {
		return err
	}
	rows := make([]receiptDocRow, len(r.Documents))
	for i, d := range r.Documents {
		rows[i] = receiptDocRow{BidReceiptDocument: d, SizeText: sizeText(d.Size)}
	}
	v := p.newPage(c, "projects", "biddocs.receipt_title")
	v.Title = v.T("biddocs.receipt_title") + " · " + r.ProjectTitle
	v.Body = receiptView{R: r, Docs: rows}
	return p.render(c, http.StatusOK, "bid_receipt", v)
}
