package api

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// handleContractDocument streams the signed contract PDF to a party, an
// administrator or a department, as an attachment.
func (s *Server) handleContractDocument(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	rc, k, err := s.Market.OpenContractDocument(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := c.Response().Header()
	h.Set(echo.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": "contract-" + strconv.FormatInt(id, 10) + ".pdf"}))
	h.Set("ETag", `"`+k.DocumentSHA256+`"`)
	h.Set("Cache-Control", "private, no-store")
	return c.Stream(http.StatusOK, domain.ContractMediaType, rc)
}

// handleContractSignature is the public contract summary (合同公示) with
// the PDF's hash, signature and public key: what verify-contract reads.
func (s *Server) handleContractSignature(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	n, err := s.Market.ContractNotice(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

func (s *Server) handleContractTemplateList(c echo.Context) error {
	ts, err := s.Market.Templates().List(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": ts})
}

func (s *Server) handleContractTemplateGet(c echo.Context) error {
	t, err := s.Market.Templates().Get(c.Request().Context(), ActorOf(c), c.Param("key"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

type contractTemplateRequest struct {
	Deliverables string `json:"deliverables" validate:"required"`
	Terms        string `json:"terms" validate:"required"`
}

func (s *Server) handleContractTemplatePut(c echo.Context) error {
	var req contractTemplateRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	t, err := s.Market.Templates().Save(c.Request().Context(), ActorOf(c), c.Param("key"), req.Deliverables, req.Terms)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
