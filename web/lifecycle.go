package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
)

// actForm is the lifecycle form that was refused: which one (Name), its
// values as typed and the messages beside its fields.
type actForm struct {
	Name   string
	V      map[string]string
	Errors map[string]string
}

func newActForm(name string) actForm {
	return actForm{Name: name, V: map[string]string{}, Errors: map[string]string{}}
}

// scoreRow is one valid bid on the composite scoring form.
type scoreRow struct {
	BidID      int64
	AgencyID   int64
	AgencyName string
	Price      domain.Money
	// Proposal is the bid's technical proposal, shown beside its score
	// field: the owner scores what it reads.
	Proposal string
	Value    string
	Error    string
}

// lifePanel is the award-lifecycle part of a notice: the stage state and,
// for whom they apply, the forms of the next actions. The domain checks
// every action again.
type lifePanel struct {
	L          *market.LifecycleView
	Owner      bool
	Department bool
	Awarded    bool // the signed-in agency is the selected one
	Bidder     bool // the signed-in agency bid on the project
	Scores     []scoreRow
	Offers     []scoreRow // direct selection: agencies with a valid offer
	Objections []*market.Objection
	Mine       map[int64]bool // objections raised by the signed-in agency
	Deliveries []*market.Delivery
	Payments   []*market.Payment
	OwnerSign  bool
	AgencySign bool
	Contract   *contractPanel
	Form       actForm
	Now        time.Time
	// Periods say how the deadlines shown were counted (Counted).
	Periods domain.Periods
	// Done is set after a successful action (POST-redirect-GET).
	Done bool
	// LowPrices are the abnormally low bids awaiting the viewer.
	LowPrices []*market.LowPriceBid
}

// lifecyclePanel gathers the lifecycle view of a project past bidding; nil
// while bidding or for a project without a lifecycle.
func (p *Portal) lifecyclePanel(ctx context.Context, actor domain.Actor, pr *market.Project, bids []*market.Bid, myBid *market.Bid, f actForm, now time.Time) *lifePanel {
	if pr.Status == market.ProjectDraft || pr.Status == market.ProjectBidding || pr.Status == market.ProjectCancelled {
		return nil
	}
	l, err := p.market.PostAward().View(ctx, actor, pr.ID)
	if err != nil {
		return nil
	}
	lp := &lifePanel{L: l, Periods: p.market.Periods, Owner: pr.IsOwner(actor), Department: domain.Can(actor, domain.ActPay) && pr.IsOwner(actor),
		Mine: map[int64]bool{}, Form: f, Now: now}
	if lp.Form.V == nil {
		lp.Form = newActForm("")
	}
	if domain.Can(actor, domain.ActBid) {
		lp.Awarded = l.AwardedAgencyID != nil && *l.AwardedAgencyID == actor.ID
		lp.Bidder = myBid != nil && myBid.Status != market.BidWithdrawn
	}
	if lp.Owner && l.Status == market.ProjectEvaluating {
		for _, b := range bids {
			if b.Status != market.BidValid {
				continue
			}
			row := scoreRow{BidID: b.ID, AgencyID: b.AgencyID, AgencyName: b.AgencyName, Price: b.Price, Proposal: b.Proposal}
			key := "score_" + itoa(b.ID)
			row.Value, row.Error = f.V[key], f.Errors[key]
			lp.Scores = append(lp.Scores, row)
		}
		lp.Offers = lp.Scores
	}
	p.lowPricePanel(ctx, actor, pr, lp)
	if os, err := p.market.PostAward().Objections(ctx, pr.ID, domain.Page{Page: 1, PerPage: 50}); err == nil {
		lp.Objections = os.Items
		for _, o := range os.Items {
			if domain.Can(actor, domain.ActObject) && o.ObjectorID == actor.ID {
				lp.Mine[o.ID] = true
			}
		}
	}
	if lp.Owner || lp.Awarded {
		if ds, err := p.market.PostAward().FindDeliveries(ctx, actor, pr.ID); err == nil {
			lp.Deliveries = ds
		}
		if k := l.Contract; k != nil {
			lp.OwnerSign = lp.Owner && k.OwnerSignedAt == nil
			lp.AgencySign = lp.Awarded && k.AgencySignedAt == nil
		} else if l.Status == market.ProjectAwarded {
			lp.OwnerSign, lp.AgencySign = lp.Owner, lp.Awarded
		}
	}
	if pr.Funding == market.FundingBudget {
		if ps, err := p.market.PostAward().Payments(ctx, pr.ID); err == nil {
			lp.Payments = ps
		}
	}
	lp.Contract = p.contractPanel(ctx, actor, l)
	return lp
}

// registerLifecyclePages mounts the forms of the award lifecycle (SPEC §3).
// act runs one lifecycle use case for the form f; a refusal the user can
// act on comes back on the notice beside its field with the input kept.
func (p *Portal) act(c echo.Context, f actForm, call func(ctx context.Context, actor domain.Actor, id int64) error) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	if len(f.Errors) > 0 {
		return p.renderNoticeAct(c, http.StatusBadRequest, bidForm{Errors: map[string]string{}}, f)
	}
	if err := call(c.Request().Context(), api.ActorOf(c), id); err != nil {
		de, ok := domain.AsError(err)
		// A refusal of the role (domain.Authorize) is the error page, not a form error.
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND {
			return err
		}
		field := de.Field
		if field == "" {
			field = "form"
		}
		v := p.newPage(c, "", "")
		f.Errors[field] = v.errorText(err)
		return p.renderNoticeAct(c, api.StatusOf(de.Code), bidForm{Errors: map[string]string{}}, f)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"?done="+f.Name+"#life")
}

// formOf reads the named fields into a fresh form.
func formOf(c echo.Context, name string, fields ...string) actForm {
	f := newActForm(name)
	for _, k := range fields {
		f.V[k] = strings.TrimSpace(c.FormValue(k))
	}
	return f
}

func (p *Portal) handleSelectForm(c echo.Context) error {
	v := p.newPage(c, "", "")
	f := formOf(c, "select", "agency_id")
	var in market.SelectionInput
	if f.V["agency_id"] != "" {
		n, err := strconv.ParseInt(f.V["agency_id"], 10, 64)
		if err != nil {
			f.Errors["agency_id"] = v.T("error.number_format")
		}
		in.AgencyID = n
	}
	form, _ := c.FormParams()
	for k, vals := range form {
		if !strings.HasPrefix(k, "score_") || len(vals) == 0 {
			continue
		}
		f.V[k] = strings.TrimSpace(vals[0])
		bid, err := strconv.ParseInt(strings.TrimPrefix(k, "score_"), 10, 64)
		if err != nil {
			continue
		}
		n, err := strconv.Atoi(f.V[k])
		switch {
		case err != nil:
			f.Errors[k] = v.T("error.number_format")
		case n < 0 || n > 100:
			f.Errors[k] = v.T("life.score_range")
		}
		in.Scores = append(in.Scores, market.TechnicalScore{BidID: bid, Score: n})
	}
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.Select(ctx, a, id, in)
		return err
	})
}

func (p *Portal) handleObjectionForm(c echo.Context) error {
	f := formOf(c, "objection", "reason")
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().RaiseObjection(ctx, a, id, f.V["reason"])
		return err
	})
}

// objectionOf reads :oid and checks that the objection is the project's.
func (p *Portal) objectionOf(c echo.Context, projectID int64) (int64, error) {
	oid, err := api.IDParam(c, "oid", market.ErrObjectionNotFound)
	if err != nil {
		return 0, err
	}
	o, err := p.market.PostAward().Objection(c.Request().Context(), oid)
	if err != nil {
		return 0, err
	}
	if o.ProjectID != projectID {
		return 0, market.ErrObjectionNotFound
	}
	return oid, nil
}

func (p *Portal) handleAnswerForm(c echo.Context) error {
	f := formOf(c, "answer_"+c.Param("oid"), "answer")
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		oid, err := p.objectionOf(c, id)
		if err != nil {
			return err
		}
		_, err = p.market.PostAward().AnswerObjection(ctx, a, oid, f.V["answer"])
		return err
	})
}

func (p *Portal) handleEscalateForm(c echo.Context) error {
	f := newActForm("escalate_" + c.Param("oid"))
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		oid, err := p.objectionOf(c, id)
		if err != nil {
			return err
		}
		_, err = p.market.PostAward().EscalateObjection(ctx, a, oid)
		return err
	})
}

func (p *Portal) handleSignForm(c echo.Context) error {
	return p.act(c, newActForm("sign"), func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().SignContract(ctx, a, id)
		return err
	})
}

func (p *Portal) handleDeclineForm(c echo.Context) error {
	f := formOf(c, "decline", "reason")
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.DeclineContract(ctx, a, id, f.V["reason"])
		return err
	})
}

// Err is the message beside field of the named form, if that form was refused.
func (l *lifePanel) Err(form, field string) string {
	if l.Form.Name != form {
		return ""
	}
	return l.Form.Errors[field]
}

// Val is the value typed into field of the named form, if it was refused.
func (l *lifePanel) Val(form, field string) string {
	if l.Form.Name != form {
		return ""
	}
	return l.Form.V[field]
}

// CanEscalate reports whether the signed-in objector may turn o into a
// complaint: answered and within the complaint period, or left unanswered
// past its deadline.
func (l *lifePanel) CanEscalate(o *market.Objection) bool {
	answered := o.Status == market.ObjectionAnswered && !o.Overdue(l.Now)
	return l.Mine[o.ID] && (answered || (o.Status == market.ObjectionOpen && o.Overdue(l.Now)))
}

// Is reports whether the project is in state st.
func (l *lifePanel) Is(st string) bool { return l.L.Status == st }

// CanObject reports whether the agency may raise an objection now: it bid,
// the result is in publicity, it is not the selected agency and it has not
// objected to this candidate yet (one objection, all reasons in it).
func (l *lifePanel) CanObject() bool {
	if !l.Bidder || l.Awarded || l.L.Status != market.ProjectPublicity || l.L.AwardedAgencyID == nil {
		return false
	}
	for _, o := range l.Objections {
		if l.Mine[o.ID] && o.CandidateID == *l.L.AwardedAgencyID {
			return false
		}
	}
	return true
}

// PendingDelivery reports whether a delivery awaits the owner's decision.
func (l *lifePanel) PendingDelivery() bool { return l.L.Status == market.ProjectDelivered }
