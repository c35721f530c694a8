package api

import "github.com/labstack/echo/v4"

// registerRiskRoutes mounts supervision intelligence (issue 10): risk flags
// and cases, for departments and admins only.
func (s *Server) registerRiskRoutes(g *echo.Group) {
	g.GET("/supervision/risks", s.handleRiskList)
	g.GET("/supervision/risks/:id", s.handleRiskGet)
	g.POST("/supervision/risks/:id/cases", s.handleRiskCaseOpen)
	g.GET("/supervision/cases/:id", s.handleRiskCaseGet)
	g.POST("/supervision/cases/:id/notes", s.handleRiskCaseNote)
	g.POST("/supervision/cases/:id/close", s.handleRiskCaseClose)
	g.POST("/supervision/cases/:id/convert", s.handleRiskCaseConvert)
}
