package api

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// qualificationFields are the text parts of the upload form; any other part
// is refused, as unknown JSON fields are.
var qualificationFields = map[string]bool{"item_code": true, "number": true, "issuer": true, "valid_from": true, "valid_until": true}

// handleQualificationCreate takes multipart/form-data: the certificate
// fields and the document in the "file" part. The form is parsed here (at
// most 1 MB in memory; net/http spools the rest to temporary files that it
// removes when the request ends); the domain checks the document's content.
func (s *Server) handleQualificationCreate(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
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
	for k, v := range form.Value {
		if !qualificationFields[k] {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown field \"" + k + "\"."}
		}
		if len(v) != 1 {
			return &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: k, Message: "Field \"" + k + "\" must be sent once."}
		}
	}
	for k := range form.File {
		if k != "file" {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown file part \"" + k + "\"; send the document as \"file\"."}
		}
	}
	val := func(k string) string {
		if v := form.Value[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := domain.QualificationInput{ItemCode: val("item_code"), Number: val("number"), Issuer: val("issuer"),
		ValidFrom: val("valid_from"), ValidUntil: val("valid_until")}
	var doc io.Reader
	if fhs := form.File["file"]; len(fhs) > 1 {
		return &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: "file", Message: "Send one document per qualification."}
	} else if len(fhs) == 1 {
		f, err := fhs[0].Open()
		if err != nil {
			return domain.Errorf(domain.EINVALID, "malformed_multipart", "The uploaded file could not be read.")
		}
		defer f.Close()
		doc, in.FileName = f, fhs[0].Filename
	}
	q, err := s.Market.AddQualification(req.Context(), ActorOf(c), in, doc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, q)
}

func (s *Server) handleQualificationDelete(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
		return err
	}
	id, err := IDParam(c, "id", domain.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	if err := s.Market.DeleteQualification(c.Request().Context(), ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// handleQualificationDocument streams the document with its sniffed type,
// as an attachment so that a browser never renders it in the site's origin.
func (s *Server) handleQualificationDocument(c echo.Context) error {
	id, err := IDParam(c, "id", domain.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	d, rc, err := s.Market.QualificationDocument(c.Request().Context(), ActorOf(c), id)
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
	if err := RequireRole(c, domain.RoleDepartment, domain.RoleAdmin); err != nil {
		return err
	}
	id, err := IDParam(c, "id", domain.ErrQualificationNotFound)
	if err != nil {
		return err
	}
	var req flagRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	f, err := s.Market.FlagQualification(c.Request().Context(), ActorOf(c), id, req.Evidence)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, f)
}
