package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

type bidRequest struct {
	Price       *domain.Money `json:"price" validate:"required"`
	Proposal    string        `json:"proposal"`
	ServiceDays int           `json:"service_days"`
}

func (s *Server) handleBidPut(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req bidRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	b, err := s.Market.Bidding().PlaceBid(c.Request().Context(), ActorOf(c), id,
		market.BidInput{Price: *req.Price, Proposal: req.Proposal, ServiceDays: req.ServiceDays,
			Client: supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()}})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) handleBidWithdraw(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	b, err := s.Market.WithdrawBid(c.Request().Context(), ActorOf(c), id,
		supervision.BidClient{IP: c.RealIP(), UserAgent: c.Request().UserAgent()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b)
}

func (s *Server) handleBidMine(c echo.Context) error {
	return onPath(c, ProjectID, http.StatusOK, s.Market.Bids().Mine)
}

func (s *Server) handleBidList(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Bids().List(c.Request().Context(), ActorOf(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}
