package api

import (
	"context"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

type deliveryRequest struct {
	Note string `json:"note"`
}

// handleDeliveryCreate takes JSON {note}, or multipart/form-data with a
// "note" field and an optional document in the "file" part.
func (s *Server) handleDeliveryCreate(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(ActorOf(c), domain.ActDeliver); err != nil {
		return err
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	if !isUpload(c) {
		var req deliveryRequest
		if err := bindJSON(c, &req); err != nil {
			return err
		}
		d, err := s.Market.PostAward().Deliver(c.Request().Context(), ActorOf(c), id, req.Note, "", nil)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusCreated, d)
	}
	req := c.Request()
	form, err := parseUpload(c)
	if err != nil {
		return err
	}
	defer form.RemoveAll()
	for k := range form.Value {
		if k != "note" {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown field \"" + k + "\"."}
		}
	}
	for k := range form.File {
		if k != "file" {
			return &domain.Error{Code: domain.EINVALID, Reason: "unknown_field", Field: k, Message: "Unknown file part \"" + k + "\"; send the document as \"file\"."}
		}
	}
	note := ""
	if v := form.Value["note"]; len(v) > 0 {
		note = v[0]
	}
	var doc io.Reader
	name := ""
	if fhs := form.File["file"]; len(fhs) > 1 {
		return &domain.Error{Code: domain.EINVALID, Reason: "repeated_field", Field: "file", Message: "Send one document per delivery."}
	} else if len(fhs) == 1 {
		f, err := fhs[0].Open()
		if err != nil {
			return domain.Errorf(domain.EINVALID, "malformed_multipart", "The uploaded file could not be read.")
		}
		defer f.Close()
		doc, name = f, fhs[0].Filename
	}
	d, err := s.Market.PostAward().Deliver(req.Context(), ActorOf(c), id, note, name, doc)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (s *Server) handleDeliveryList(c echo.Context) error {
	if ActorOf(c).IsAnonymous() {
		return domain.ErrUnauthenticated
	}
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	pg, err := PageParams(c)
	if err != nil {
		return err
	}
	ds, err := s.Market.PostAward().FindDeliveries(c.Request().Context(), ActorOf(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listPage(ds, pg))
}

type acceptanceRequest struct {
	Accept *bool  `json:"accept" validate:"required"`
	Reason string `json:"reason"`
}

func (s *Server) handleAcceptance(c echo.Context) error {
	return onPathBody(c, ProjectID, http.StatusOK, func(ctx context.Context, a domain.Actor, id int64, req acceptanceRequest) (*market.Delivery, error) {
		return s.Market.PostAward().DecideDelivery(ctx, a, id, *req.Accept, req.Reason)
	})
}

type paymentRequest struct {
	Amount     *domain.Money `json:"amount" validate:"required"`
	PaidOn     string        `json:"paid_on" validate:"required"`
	BudgetCode string        `json:"budget_code"`
}

func (s *Server) handlePaymentCreate(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	var req paymentRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	p, err := s.Market.PostAward().RecordPayment(c.Request().Context(), ActorOf(c), id,
		market.PaymentInput{Amount: *req.Amount, PaidOn: req.PaidOn, BudgetCode: req.BudgetCode})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, p)
}

func (s *Server) handlePaymentList(c echo.Context) error {
	id, err := ProjectID(c)
	if err != nil {
		return err
	}
	pg, err := PageParams(c)
	if err != nil {
		return err
	}
	ps, err := s.Market.PostAward().Payments(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, listPage(ps, pg))
}

// listPage cuts one page out of a short list.
func listPage[T any](all []T, pg domain.Page) domain.List[T] {
	from := min(pg.Offset(), len(all))
	to := min(from+pg.PerPage, len(all))
	return domain.NewList(all[from:to], len(all), pg)
}
