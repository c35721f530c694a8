package api

import "github.com/labstack/echo/v4"

// registerConcentrationRoutes mounts the market concentration monitor
// (public open data) and the abnormally-low-price explanations.
func (s *Server) registerConcentrationRoutes(g *echo.Group) {
	g.GET("/stats/concentration", s.handleConcentration)
	g.POST("/projects/:id/low-price-explanation", s.handleLowPriceExplain)
	g.POST("/projects/:id/low-price-explanation/decision", s.handleLowPriceDecide)
	g.PUT("/catalogue/items/:code/low-price-rule", s.handleLowPriceRuleSet)
	g.DELETE("/catalogue/items/:code/low-price-rule", s.handleLowPriceRuleClear)
}
