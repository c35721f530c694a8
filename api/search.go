package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain/search"
)

// handleSearch answers GET /search?q=&type=project|agency&item=&region=
// &status=&funding=&grade=&sort=relevance|deadline|date&page=&per_page=.
func (s *Server) handleSearch(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	in := search.Input{
		Q: c.QueryParam("q"), Type: c.QueryParam("type"), Item: c.QueryParam("item"), Region: c.QueryParam("region"),
		Status: c.QueryParam("status"), Funding: c.QueryParam("funding"), Grade: c.QueryParam("grade"),
		Sort: c.QueryParam("sort"), Page: p,
	}
	res, err := s.Market.Search(c.Request().Context(), ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
