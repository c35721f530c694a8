package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

// lowPriceExplanationRequest is the agency's written explanation.
type lowPriceExplanationRequest struct {
	Explanation string `json:"explanation"`
}

// handleLowPriceExplain records the agency's explanation of its
// abnormally low bid.
func (s *Server) handleLowPriceExplain(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req lowPriceExplanationRequest) (*market.LowPriceBid, error) {
		return s.Market.PostAward().ExplainLowPrice(ctx, a, id, req.Explanation)
	})
}

// handleLowPriceDecide records the owner's decision on an explanation.
func (s *Server) handleLowPriceDecide(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req market.LowPriceDecision
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	l, err := s.Market.PostAward().DecideLowPrice(c.Request().Context(), ActorOf(c), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, l)
}

// handleLowPriceRuleSet sets an item's abnormally-low-price rule (admin).
func (s *Server) handleLowPriceRuleSet(c echo.Context) error {
	var req market.LowPriceRule
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
	out, err := s.Market.SetItemLowPriceRule(c.Request().Context(), ActorOf(c), c.Param("code"), nil)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}
