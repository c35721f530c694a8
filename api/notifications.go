package api

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
)

func (s *Server) handleNotificationList(c echo.Context) error {
	p, err := PageParams(c)
	if err != nil {
		return err
	}
	unread := false
	if v := c.QueryParam("unread"); v != "" {
		if unread, err = strconv.ParseBool(v); err != nil {
			return domain.FieldError("unread", "unread_invalid", "unread must be true or false.")
		}
	}
	list, err := s.Market.Publisher().Notifications(c.Request().Context(), ActorOf(c), unread, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list)
}

type markedView struct {
	Marked int `json:"marked"`
}

func (s *Server) handleNotificationRead(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return domain.Errorf(domain.ENOTFOUND, "notification_not_found", "No notification %q.", c.Param("id"))
	}
	n, err := s.Market.Publisher().MarkNotificationsRead(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, markedView{n})
}

func (s *Server) handleNotificationReadAll(c echo.Context) error {
	n, err := s.Market.Publisher().MarkNotificationsRead(c.Request().Context(), ActorOf(c), 0)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, markedView{n})
}
