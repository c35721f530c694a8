package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// handleBidDocumentUpload takes one document in the "file" part of a
// multipart/form-data request (at most MaxAttachmentBody).
func (s *Server) handleBidDocumentUpload(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(ActorOf(c), domain.ActBidDocument); err != nil {
		return err
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	if !isUpload(c) {
		return domain.Errorf(domain.EINVALID, "multipart_required", "Send the document as multipart/form-data in the \"file\" part.")
	}
	form, err := parseUpload(c)
	if err != nil {
		return err
	}
	defer form.RemoveAll()
	for k := range form.Value {
		return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown field \"" + k + "\"."}
	}
	for k := range form.File {
		if k != "file" {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown file part \"" + k + "\"; send the document as \"file\"."}
		}
	}
	fhs := form.File["file"]
	if len(fhs) == 0 {
		return market.ErrBidDocumentMissing
	} else if len(fhs) > 1 {
		return &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: "file", Message: "Send one document per request."}
	}
	d, err := AddBidDocument(c, s.Market, id, fhs[0].Filename, func() (io.ReadSeekCloser, error) { return fhs[0].Open() })
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

// AddBidDocument attaches an uploaded file to the agency's sealed bid (the
// JSON API and the bid page share it); the domain types it by its content.
func AddBidDocument(c echo.Context, mp *domain.Marketplace, projectID int64, name string, open func() (io.ReadSeekCloser, error)) (*market.BidDocument, error) {
	f, err := open()
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "malformed_multipart", "The uploaded file could not be read.")
	}
	defer f.Close()
	return mp.Bidding().AddBidDocument(c.Request().Context(), ActorOf(c), projectID,
		market.BidDocumentUpload{FileName: name,
			Client: supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()}}, f)
}

func (s *Server) handleBidDocumentMine(c echo.Context) error {
	return onPathItems(c, ProjectID, s.Market.Bidding().MyBidDocuments)
}

func (s *Server) handleBidDocumentDelete(c echo.Context) error {
	id, docID, err := ProjectDocIDs(c, market.ErrBidDocumentNotFound)
	if err != nil {
		return err
	}
	err = s.Market.Bidding().RemoveBidDocument(c.Request().Context(), ActorOf(c), id, docID,
		supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()})
	if err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleBidReceipt(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Bidding().MyBidReceipt)
}

func (s *Server) handleBidDocumentList(c echo.Context) error {
	return onPathItems(c, ProjectID, s.Market.Bidding().ListBidDocuments)
}

func (s *Server) handleBidDocumentDownload(c echo.Context) error {
	id, docID, err := ProjectDocIDs(c, market.ErrBidDocumentNotFound)
	if err != nil {
		return err
	}
	d, rc, err := s.Market.Bidding().OpenBidDocument(c.Request().Context(), ActorOf(c), id, docID)
	if err != nil {
		return err
	}
	defer rc.Close()
	ServeDocument(c, d.FileName, d.SHA256, d.MediaType, d.Size)
	return c.Stream(http.StatusOK, d.MediaType, rc)
}

// ServeDocument sets the headers of a document download.
func ServeDocument(c echo.Context, name, sha, media string, size int64) {
	if name == "" {
		name = sha
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set(echo.HeaderContentLength, strconv.FormatInt(size, 10))
	h.Set("ETag", `"`+sha+`"`)
	// A sealed document is never kept by a shared cache.
	h.Set(echo.HeaderCacheControl, "private, no-store")
}
