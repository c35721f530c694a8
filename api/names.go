package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// agencyRefList is the answer of the agency lookup.
type agencyRefList struct {
	Items any `json:"items"`
}

// handleAgencyLookup answers a search-as-you-type by name or USCC for the
// forms that must name an agency: names and USCCs are public in the
// directory, so is this. Fewer than two characters find nothing.
func (s *Server) handleAgencyLookup(c echo.Context) error {
	refs, err := s.Market.Agencies().FindRefs(c.Request().Context(), c.QueryParam("q"))
	if err != nil {
		return err
	}
	if refs == nil {
		return c.JSON(http.StatusOK, agencyRefList{Items: []any{}})
	}
	return c.JSON(http.StatusOK, agencyRefList{Items: refs})
}
