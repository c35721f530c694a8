package web

import (
	"context"
	"strconv"

	"github.com/labstack/echo/v4"

	"marketplace/domain"
	"marketplace/domain/market"
)

// lowPriceRows feeds the "low_prices" partial: the abnormally low bids of
// a published result with the explanations and decisions.
type lowPriceRows struct {
	Page  *page
	Items []*market.LowPriceBid
}

// lowPriceFormsView feeds the "low_price_forms" partial of the lifecycle
// panel: the agency's explanation form, the owner's decision forms.
type lowPriceFormsView struct {
	Page  *page
	L     *lifePanel
	Owner bool
}

// handleLowPriceExplainForm takes the agency's written explanation.
func (p *Portal) handleLowPriceExplainForm(c echo.Context) error {
	f := formOf(c, "low_price_explain", "explanation")
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().ExplainLowPrice(ctx, a, id, f.V["explanation"])
		return err
	})
}

// handleLowPriceDecideForm takes the owner's decision on one explanation;
// the form's name carries the agency so that a refusal shows beside it.
func (p *Portal) handleLowPriceDecideForm(c echo.Context) error {
	agency, _ := strconv.ParseInt(c.FormValue("agency_id"), 10, 64)
	f := formOf(c, "low_price_decide_"+strconv.FormatInt(agency, 10), "accept", "reason")
	in := market.LowPriceDecision{AgencyID: agency, Reason: f.V["reason"]}
	if a := f.V["accept"]; a == "1" || a == "0" {
		accept := a == "1"
		in.Accept = &accept
	}
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().DecideLowPrice(ctx, a, id, in)
		return err
	})
}

// lowPricePanel adds to the lifecycle panel the low prices its viewer may
// act on (evaluating projects only, so other pages pay nothing).
func (p *Portal) lowPricePanel(ctx context.Context, actor domain.Actor, pr *market.Project, lp *lifePanel) {
	if ls, err := p.market.PostAward().LowPricesOf(ctx, actor, pr); err == nil {
		lp.LowPrices = ls
	}
}
