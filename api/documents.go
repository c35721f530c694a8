package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

// noticeDocumentFields are the text parts of a notice document upload.
var noticeDocumentFields = map[string]bool{"title": true}

// handleNoticeDocumentCreate takes multipart/form-data with "title" and
// the document in "file"; the domain types it by content.
func (s *Server) handleNoticeDocumentCreate(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	if !isUpload(c) {
		return domain.Errorf(domain.EINVALID, "multipart_required", "Send the document as multipart/form-data with \"title\" and the file in the \"file\" part.")
	}
	form, err := parseUpload(c)
	if err != nil {
		return err
	}
	defer form.RemoveAll()
	if err := checkUploadParts(form, noticeDocumentFields); err != nil {
		return err
	}
	in := market.NoticeDocumentInput{Title: uploadPart(form, "title")}
	f, name, err := uploadedFile(form, "Send one document per request.")
	if err != nil {
		return err
	}
	if f != nil {
		defer f.Close()
	}
	in.FileName = name
	d, err := s.Market.Notices().AddDocument(c.Request().Context(), ActorOf(c), id, in, readerOf(f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (s *Server) handleNoticeDocumentList(c echo.Context) error {
	return onPathItems(c, ProjectID, s.Market.Notices().Documents)
}

func (s *Server) handleNoticeDocumentDownload(c echo.Context) error {
	id, docID, err := ProjectDocIDs(c, market.ErrNoticeDocumentNotFound)
	if err != nil {
		return err
	}
	d, rc, err := s.Market.Notices().OpenDocument(c.Request().Context(), ActorOf(c), id, docID)
	if err != nil {
		return err
	}
	defer rc.Close()
	return streamDocument(c, noticeFileName(d), "document-"+strconv.FormatInt(d.ID, 10), d.MediaType, d.SHA256, d.Size, rc)
}

// streamDocument sends a stored document as an attachment (never rendered
// in the site's origin) named as RFC 6266 says: an ASCII filename for old
// clients and the real (Chinese) name in filename*.
func streamDocument(c echo.Context, name, asciiName, media, sum string, size int64, rc io.Reader) error {
	if exts, _ := mime.ExtensionsByType(media); len(exts) > 0 {
		asciiName += exts[0]
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, contentDisposition(name, asciiName))
	h.Set(echo.HeaderContentLength, strconv.FormatInt(size, 10))
	h.Set("ETag", `"`+sum+`"`)
	return c.Stream(http.StatusOK, media, rc)
}

// contentDisposition is `attachment; filename="ascii"; filename*=UTF-8”name`.
func contentDisposition(name, asciiName string) string {
	v := mime.FormatMediaType("attachment", map[string]string{"filename": asciiName})
	if name != "" && name != asciiName {
		// FormatMediaType writes a non-ASCII value as RFC 2231 filename*.
		if ext := mime.FormatMediaType("x", map[string]string{"filename": name}); len(ext) > 3 {
			v += ext[1:]
		}
	}
	return v
}

// noticeFileName is the uploaded file's name, or the title with the
// extension of the document's type.
func noticeFileName(d *market.NoticeDocument) string {
	if d.FileName != "" {
		return d.FileName
	}
	name := d.Title
	if exts, _ := mime.ExtensionsByType(d.MediaType); len(exts) > 0 {
		name += exts[0]
	}
	return name
}

func (s *Server) handleNoticeDocumentDelete(c echo.Context) error {
	id, docID, err := ProjectDocIDs(c, market.ErrNoticeDocumentNotFound)
	if err != nil {
		return err
	}
	if err := s.Market.Notices().RemoveDocument(c.Request().Context(), ActorOf(c), id, docID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// amendmentRequest is the JSON of an amendment; the rules live in
// market.AmendmentInput.
type amendmentRequest struct {
	Rationale          string        `json:"rationale"`
	Description        *string       `json:"description"`
	CeilingPrice       *domain.Money `json:"ceiling_price"`
	ServiceDays        *int          `json:"service_days"`
	ClosesAt           *time.Time    `json:"closes_at"`
	Method             *string       `json:"method"`
	Funding            *string       `json:"funding"`
	AddDocuments       []int64       `json:"add_documents"`
	SupersedeDocuments []int64       `json:"supersede_documents"`
}

func (s *Server) handleAmendmentCreate(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req amendmentRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	in := market.AmendmentInput{Rationale: req.Rationale, Description: req.Description, CeilingPrice: req.CeilingPrice,
		ServiceDays: req.ServiceDays, ClosesAt: req.ClosesAt, Method: req.Method, Funding: req.Funding,
		AddDocuments: req.AddDocuments, SupersedeDocuments: req.SupersedeDocuments}
	a, err := s.Market.Notices().AmendProject(c.Request().Context(), ActorOf(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, a)
}

func (s *Server) handleAmendmentList(c echo.Context) error {
	return onPathItems(c, ProjectID, s.Market.Notices().Amendments)
}

func (s *Server) handleAmendmentRecent(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	l, err := s.Market.Notices().RecentAmendments(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

func (s *Server) handleBidConfirm(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Bidding().ConfirmBid)
}
