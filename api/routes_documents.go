package api

import (
	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// maxNoticeUploadBody bounds a notice document upload: the document plus
// room for the title and the part headers.
const maxNoticeUploadBody = domain.MaxNoticeDocumentSize + 64<<10

// registerDocumentRoutes serves a notice's documents and its amendments
// (更正公告), and the confirmation of a bid after an amendment.
func (s *Server) registerDocumentRoutes(g *echo.Group) {
	s.uploadRouteUpTo(g.POST("/projects/:id/documents", s.handleNoticeDocumentCreate), maxNoticeUploadBody, domain.ErrNoticeDocumentTooLarge)
	g.GET("/projects/:id/documents", s.handleNoticeDocumentList)
	g.GET("/projects/:id/documents/:doc_id", s.handleNoticeDocumentDownload)
	g.DELETE("/projects/:id/documents/:doc_id", s.handleNoticeDocumentDelete)
	g.POST("/projects/:id/amendments", s.handleAmendmentCreate)
	g.GET("/projects/:id/amendments", s.handleAmendmentList)
	g.GET("/amendments", s.handleAmendmentRecent)
	g.POST("/projects/:id/bids/mine/confirm", s.handleBidConfirm)
}
