package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
)

// handleBidSubmit places or revises the agency's sealed bid from the notice
// page; a refusal comes back on the same page with the message beside its
// field and the form as typed.
func (p *Portal) handleBidSubmit(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	form := bidForm{Price: strings.TrimSpace(c.FormValue("price")), ServiceDays: strings.TrimSpace(c.FormValue("service_days")),
		Proposal: c.FormValue("proposal"), Errors: map[string]string{}}
	v := p.newPage(c, "", "")
	in := market.BidInput{Proposal: form.Proposal}
	price, perr := domain.ParseMoney(strings.TrimPrefix(strings.ReplaceAll(form.Price, ",", ""), "¥"))
	if perr != nil {
		form.Errors["price"] = v.T("error.price_format")
		return p.renderNotice(c, http.StatusBadRequest, form)
	}
	in.Price = price
	if form.ServiceDays != "" {
		if in.ServiceDays, err = strconv.Atoi(form.ServiceDays); err != nil {
			form.Errors["service_days"] = v.T("error.number_format")
			return p.renderNotice(c, http.StatusBadRequest, form)
		}
	}
	if _, err := p.market.Bidding().PlaceBid(c.Request().Context(), api.ActorOf(c), id, in); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND {
			return err
		}
		field := de.Field
		if field == "" {
			field = "form"
		}
		form.Errors[field] = v.errorText(err)
		return p.renderNotice(c, api.StatusOf(de.Code), form)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"?bid=saved#my-bid")
}

// handleBidWithdraw withdraws the agency's sealed bid.
func (p *Portal) handleBidWithdraw(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.WithdrawBid(c.Request().Context(), api.ActorOf(c), id); err != nil {
		if de, ok := domain.AsError(err); ok && de.Code == domain.ECONFLICT {
			v := p.newPage(c, "", "")
			return p.renderNotice(c, http.StatusConflict, bidForm{Errors: map[string]string{"form": v.errorText(err)}})
		}
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#my-bid")
}

// auctionView is the live reverse-auction page. The first state is
// rendered by the server; web/static/auction.js keeps it live from the
// event stream.
type auctionView struct {
	P       *market.Project
	State   *market.AuctionState
	Left    string
	Error   string
	Price   string
	Agency  bool
	Running bool
	Now     time.Time
}

func (p *Portal) handleAuction(c echo.Context) error {
	return p.renderAuction(c, http.StatusOK, "", "")
}

func (p *Portal) renderAuction(c echo.Context, status int, errText, price string) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	pr, err := p.market.Projects().Get(ctx, actor, id)
	if err != nil {
		return err
	}
	st, err := p.market.Bidding().GetAuction(ctx, actor, id)
	if err != nil {
		return err
	}
	now, err := p.now(c)
	if err != nil {
		return err
	}
	v := p.newPage(c, "projects", "auction.title")
	v.Title = v.T("auction.title") + " · " + pr.Title
	v.Body = auctionView{P: pr, State: st, Left: v.Left(st.ClosesAt, now), Error: errText, Price: price,
		Now: now, Agency: domain.Can(actor, domain.ActBid), Running: st.Status == market.ProjectBidding && now.Before(st.ClosesAt)}
	return p.render(c, status, "auction", v)
}

// handleAuctionBidForm places a reverse-auction bid without JavaScript.
func (p *Portal) handleAuctionBidForm(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("price"))
	v := p.newPage(c, "", "")
	price, perr := domain.ParseMoney(strings.TrimPrefix(strings.ReplaceAll(raw, ",", ""), "¥"))
	if perr != nil {
		return p.renderAuction(c, http.StatusBadRequest, v.T("error.price_format"), raw)
	}
	if _, err := p.market.PlaceAuctionBid(c.Request().Context(), api.ActorOf(c), id, price); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND {
			return err
		}
		return p.renderAuction(c, api.StatusOf(de.Code), v.errorText(err), raw)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"/auction")
}
