package api

import "github.com/labstack/echo/v4"

// registerBidDocumentRoutes mounts the documents of sealed bids (响应文件)
// and the bid receipt (报价回执), docs/bidding.md.
func (s *Server) registerBidDocumentRoutes(g *echo.Group) {
	s.attachmentRoute(g.POST("/projects/:id/bids/mine/documents", s.handleBidDocumentUpload))
	g.GET("/projects/:id/bids/mine/documents", s.handleBidDocumentMine)
	g.DELETE("/projects/:id/bids/mine/documents/:doc_id", s.handleBidDocumentDelete)
	g.GET("/projects/:id/bids/mine/receipt", s.handleBidReceipt)
	g.GET("/projects/:id/bids/documents", s.handleBidDocumentList)
	g.GET("/projects/:id/bids/documents/:doc_id", s.handleBidDocumentDownload)
}
