package api

import "github.com/labstack/echo/v4"

func (s *Server) registerCreditRoutes(g *echo.Group) {
	g.GET("/credit/rules", s.handleCreditRules)
	g.GET("/agencies/:id/credit", s.handleAgencyCredit)
	g.GET("/credit/monitor", s.handleCreditMonitor)
	g.GET("/credit/blacklist", s.handleSanctionList("blacklisted"))
	g.GET("/credit/suspensions", s.handleSanctionList("suspended"))
	g.POST("/credit-events/:id/appeal", s.handleCreditAppeal)
	g.POST("/appeals/:id/decision", s.handleAppealDecision)
	g.GET("/violations", s.handleViolationList)
	g.POST("/violations", s.handleViolationCreate)
	g.POST("/violations/:id/confirm", s.handleViolationConfirm)
	g.GET("/confirmations", s.handleConfirmationList)
	g.POST("/confirmations/:id/confirm", s.handleConfirmationConfirm)
	g.GET("/inspections", s.handleInspectionList)
	g.POST("/inspections", s.handleInspectionCreate)
	g.GET("/inspections/:id", s.handleInspectionGet)
	g.POST("/inspections/:id/results", s.handleInspectionResult)
}
