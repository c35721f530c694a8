package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// handleOCDSReleases is the public release feed (a release package).
func (s *Server) handleOCDSReleases(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	pkg, err := s.Market.Publisher().OCDSReleases(c.Request().Context(), c.QueryParam("since"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pkg)
}

// handleOCDSRecord is the record package of one contracting process.
func (s *Server) handleOCDSRecord(c echo.Context) error {
	pkg, err := s.Market.Publisher().OCDSRecord(c.Request().Context(), c.Param("ocid"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, pkg)
}
