package api

import "github.com/labstack/echo/v4"

// registerAgencyRoutes mounts the agency directory, the agency's own
// profile, qualifications, affiliations, exit and rejoining, and the departments list.
func (s *Server) registerAgencyRoutes(g *echo.Group) {
	g.GET("/agencies", s.handleAgencyList)
	g.GET("/agencies/me", s.handleAgencyMe)
	g.PATCH("/agencies/me", s.handleAgencyUpdate)
	g.POST("/agencies/me/exit", s.handleAgencyExit)
	g.POST("/agencies/me/rejoin", s.handleAgencyRejoin)
	s.uploadRoute(g.POST("/agencies/me/qualifications", s.handleQualificationCreate))
	g.DELETE("/agencies/me/qualifications/:id", s.handleQualificationDelete)
	g.POST("/agencies/me/affiliations", s.handleAffiliationCreate)
	g.DELETE("/agencies/me/affiliations/:id", s.handleAffiliationDelete)
	g.GET("/agencies/:id", s.handleAgencyGet)
	g.GET("/qualifications/:id/document", s.handleQualificationDocument)
	g.POST("/qualifications/:id/flags", s.handleQualificationFlag)
	g.GET("/departments", s.handleDepartmentList)
}
