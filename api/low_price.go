package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

// lowPriceExplanationRequest is the agency's written explanation.
type lowPriceExplanationRequest struct {
	Explanation string `json:"explanation"`
}

// handleLowPriceExplain records the agency's explanation of its
// abnormally low bid.
func (s *Server) handleLowPriceExplain(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAgency); err != nil {
		return err
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req lowPriceExplanationRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	l, err := s.Market.ExplainLowPrice(c.Request().Context(), ActorOf(c), id, req.Explanation)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// handleLowPriceDecide records the owner's decision on an explanation.
func (s *Server) handleLowPriceDecide(c echo.Context) error {
	if err := RequireRole(c, domain.RoleEnterprise, domain.RoleDepartment); err != nil {
		return err
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req domain.LowPriceDecision
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	l, err := s.Market.DecideLowPrice(c.Request().Context(), ActorOf(c), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// handleLowPriceRuleSet sets an item's abnormally-low-price rule (admin).
func (s *Server) handleLowPriceRuleSet(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAdmin); err != nil {
		return err
	}
	var req domain.LowPriceRule
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	out, err := s.Market.SetItemLowPriceRule(c.Request().Context(), ActorOf(c), c.Param("code"), &req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// handleLowPriceRuleClear returns an item to the platform default (admin).
func (s *Server) handleLowPriceRuleClear(c echo.Context) error {
	if err := RequireRole(c, domain.RoleAdmin); err != nil {
		return err
	}
	out, err := s.Market.SetItemLowPriceRule(c.Request().Context(), ActorOf(c), c.Param("code"), nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
