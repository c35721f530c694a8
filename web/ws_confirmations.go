package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
)

// avoidQueue lists the departments' avoid lists waiting for a second
// department, shown on the violations page beside the pending violations:
// one queue, one page for the confirming department.
func (p *Portal) avoidQueue(c echo.Context) ([]*domain.Confirmation, error) {
	list, err := p.market.ListConfirmations(c.Request().Context(), api.ActorOf(c), domain.ConfirmationFilter{
		Status: domain.ConfirmationPending, Subject: domain.ConfirmSubjectAvoidList, Page: domain.Page{Page: 1, PerPage: 50}})
	if err != nil {
		return nil, err
	}
	return list.Items, nil
}

// handleConfirmationConfirm confirms one request from the queue.
func (p *Portal) handleConfirmationConfirm(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Confirm(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/violations")
}
