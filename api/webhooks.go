package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/opendata"
)

type webhookRequest struct {
	URL        string   `json:"url" validate:"required"`
	EventTypes []string `json:"event_types" validate:"required"`
}

func webhookID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "webhook_not_found", "No webhook %q.", c.Param("id"))
	}
	return id, nil
}

func (s *Server) handleWebhookCreate(c echo.Context) error {
	if ActorOf(c).IsAnonymous() {
		return domain.Errorf(domain.EUNAUTHORIZED, "login_required", "Log in to register a webhook.")
	}
	var req webhookRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	w, err := s.Market.Publisher().CreateWebhook(c.Request().Context(), ActorOf(c), opendata.WebhookInput{URL: req.URL, EventTypes: req.EventTypes})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, w)
}

func (s *Server) handleWebhookList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Publisher().Webhooks(c.Request().Context(), ActorOf(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleWebhookDelete(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	if err := s.Market.Publisher().DeleteWebhook(c.Request().Context(), ActorOf(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) handleWebhookDeliveries(c echo.Context) error {
	id, err := webhookID(c)
	if err != nil {
		return err
	}
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Publisher().WebhookDeliveries(c.Request().Context(), ActorOf(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

func (s *Server) handleDeadLetters(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	list, err := s.Market.Publisher().DeadLetters(c.Request().Context(), ActorOf(c), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

type eventTypesView struct {
	Items []string `json:"items"`
}

func (s *Server) handleWebhookEventTypes(c echo.Context) error {
	return c.JSON(http.StatusOK, eventTypesView{opendata.EventTypeNames()})
}
