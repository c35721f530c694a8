package api

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/agency"
)

// qualificationFields are the text parts of the upload form; any other part
// is refused, as unknown JSON fields are.
var qualificationFields = map[string]bool{"item_code": true, "number": true, "issuer": true, "valid_from": true, "valid_until": true}

// handleQualificationCreate takes multipart/form-data: the certificate
// fields and the document in the "file" part. The form is parsed here (at
// most 1 MB in memory; net/http spools the rest to temporary files that it
// removes when the request ends); the domain checks the document's content.
func (s *Server) handleQualificationCreate(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(ActorOf(c), domain.ActQualify); err != nil {
		return err
	}
	req := c.Request()
	if !isUpload(c) {
		return domain.Errorf(domain.EINVALID, "multipart_required", "Send the qualification as multipart/form-data with the document in the \"file\" part.")
	}
	form, err := parseUpload(c)
	if err != nil {
		return err
	}
	defer form.RemoveAll()
	if err := checkUploadParts(form, qualificationFields); err != nil {
		return err
	}
	in := agency.QualificationInput{ItemCode: uploadPart(form, "item_code"), Number: uploadPart(form, "number"),
		Issuer: uploadPart(form, "issuer"), ValidFrom: uploadPart(form, "valid_from"), ValidUntil: uploadPart(form, "valid_until")}
	f, name, err := uploadedFile(form, "Send one document per qualification.")
	if err != nil {
		return err
	}
	if f != nil {
		defer f.Close()
	}
	in.FileName = name
	q, err := s.Market.Agencies().AddQualification(req.Context(), ActorOf(c), in, readerOf(f))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, q)
}

func (s *Server) handleQualificationDelete(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	if err := s.Market.Agencies().DeleteQualification(c.Request().Context(), ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleQualificationDocument streams the document with its sniffed type,
// as an attachment so that a browser never renders it in the site's origin.
func (s *Server) handleQualificationDocument(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	d, rc, err := s.Market.Agencies().QualificationDocument(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	name := d.FileName
	if name == "" {
		name = d.SHA256
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set(echo.HeaderContentLength, strconv.FormatInt(d.Size, 10))
	h.Set("ETag", `"`+d.SHA256+`"`)
	return c.Stream(http.StatusOK, d.MediaType, rc)
}

type flagRequest struct {
	Evidence string `json:"evidence" validate:"required"`
}

func (s *Server) handleQualificationFlag(c echo.Context) error {
	id, err := IDParam(c, "id", agency.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	var req flagRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f, err := s.Market.Agencies().FlagQualification(c.Request().Context(), ActorOf(c), id, req.Evidence)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}
