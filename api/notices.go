package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain/platformnotice"
)

func (s *Server) handleNoticeList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.PlatformNotices().List(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleNoticeGet(c echo.Context) error {
	id, err := IDParam(c, "id", platformnotice.ErrNotFound)
	if err != nil {
		return err
	}
	n, err := s.Market.PlatformNotices().Find(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, n)
}

func (s *Server) handleNoticeCreate(c echo.Context) error {
	var in platformnotice.Input
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	n, err := s.Market.PlatformNotices().Publish(c.Request().Context(), ActorOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, n)
}
