package api

import "github.com/labstack/echo/v4"

func (s *Server) registerSearchRoutes(g *echo.Group) {
	g.GET("/search", s.handleSearch)
}
