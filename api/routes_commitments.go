package api

import "github.com/labstack/echo/v4"

// registerCommitmentRoutes registers credit commitments (信用承诺) and credit
// repair (信用修复).
func (s *Server) registerCommitmentRoutes(g *echo.Group) {
	g.GET("/commitments", s.handleCommitmentList)
	g.POST("/commitments", s.handleCommitmentPublish)
	g.POST("/commitments/:id/accept", s.handleCommitmentAccept)
	g.POST("/credit-events/:id/repair", s.handleCreditRepair)
	g.GET("/repairs", s.handleRepairList)
	g.POST("/repairs/:id/decision", s.handleRepairDecision)
}
