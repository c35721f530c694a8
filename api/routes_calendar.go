package api

import "github.com/labstack/echo/v4"

// registerCalendarRoutes: the working-day calendar (工作日历), public, and
// its overrides, set by administrators.
func (s *Server) registerCalendarRoutes(g *echo.Group) {
	g.GET("/calendar", s.handleCalendarGet)
	g.POST("/calendar/overrides", s.handleCalendarOverrideSet)
}
