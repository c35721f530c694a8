package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/search"
)

// savedSearchRequest is the body of POST /saved-searches; the rules are
// search.SavedInput's.
type savedSearchRequest struct {
	Name       string        `json:"name"`
	Q          string        `json:"q"`
	Items      []string      `json:"items"`
	Region     string        `json:"region"`
	Funding    string        `json:"funding"`
	CeilingMin *domain.Money `json:"ceiling_min"`
	CeilingMax *domain.Money `json:"ceiling_max"`
	Frequency  string        `json:"frequency"`
}

type savedSearchList struct {
	Items []*search.Saved `json:"items"`
	Limit int             `json:"limit"`
}

func (s *Server) handleSavedSearchList(c echo.Context) error {
	list, err := s.Market.Searches().ListSaved(c.Request().Context(), ActorOf(c))
	if err != nil {
		return err
	}
	if list == nil {
		list = []*search.Saved{}
	}
	return c.JSON(http.StatusOK, savedSearchList{Items: list, Limit: search.MaxSavedPerAccount})
}

func (s *Server) handleSavedSearchCreate(c echo.Context) error {
	if ActorOf(c).IsAnonymous() {
		return domain.Errorf(domain.EUNAUTHORIZED, "login_required", "Log in to save a search.")
	}
	var req savedSearchRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	ss, err := s.Market.Searches().CreateSaved(c.Request().Context(), ActorOf(c), search.SavedInput{Name: req.Name, Q: req.Q,
		Items: req.Items, Region: req.Region, Funding: req.Funding, CeilingMin: req.CeilingMin, CeilingMax: req.CeilingMax,
		Frequency: req.Frequency})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ss)
}

func (s *Server) handleSavedSearchDelete(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.Errorf(domain.ENOTFOUND, "saved_search_not_found", "No saved search %q.", c.Param("id"))
	}
	if err := s.Market.Searches().DeleteSaved(c.Request().Context(), ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
