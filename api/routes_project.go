package api

import "github.com/labstack/echo/v4"

func (s *Server) registerProjectRoutes(g *echo.Group) {
	g.POST("/projects", s.handleProjectCreate)
	g.GET("/projects", s.handleProjectList)
	g.GET("/projects/:id", s.handleProjectGet)
	g.POST("/projects/:id/publish", s.handleProjectPublish)
	g.POST("/projects/:id/cancel", s.handleProjectCancel)
	g.POST("/projects/:id/repost", s.handleProjectRepost)
	g.GET("/projects/:id/bids", s.handleBidList)
	g.GET("/projects/:id/bids/mine", s.handleBidMine)
	g.PUT("/projects/:id/bids/mine", s.handleBidPut)
	g.DELETE("/projects/:id/bids/mine", s.handleBidWithdraw)
	g.GET("/projects/:id/auction", s.handleAuctionGet)
	g.POST("/projects/:id/auction/bids", s.handleAuctionBid)
	g.GET("/projects/:id/auction/stream", s.handleAuctionStream)
}
