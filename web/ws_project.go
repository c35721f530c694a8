package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
)

// projectForm is the guided form to post a project, kept exactly as typed
// when the server refuses it.
type projectForm struct {
	Title, Description, ItemCode, Region, BudgetCode string
	Ceiling, Method, ClosesAt, ServiceDays, MinBids  string
	WPrice, WCredit, WTechnical, MinStep             string
	Avoid                                            []avoidRow
	AvoidReasons                                     []string
	AvoidRowsShown                                   int
	Department                                       bool
	Methods                                          []string
	Items                                            []*catalogue.Item
	Errors                                           map[string]string
	Draft                                            int64
	// Window is the shortest bidding window, and EarliestClose its end if
	// the project were published now (the form says how it is counted).
	Window        market.Period
	EarliestClose time.Time
	// InvestmentCode is the 投资项目代码 (investment_code.go).
	InvestmentCode string
	// ContactName, ContactPhone and ContactEmail are the purchaser's
	// contact published on the notice (采购人联系方式); a new form proposes
	// the account's phone and e-mail, and what is left empty is not shown.
	ContactName, ContactPhone, ContactEmail string
}

// methodsFor lists the selection methods an owner may pick: a department
// pays from its budget and must compete, so it is never offered direct.
func methodsFor(role string) []string {
	if role == domain.RoleDepartment {
		return []string{market.MethodLowestPrice, market.MethodComposite, market.MethodRandomDraw, market.MethodReverseAuction}
	}
	return []string{market.MethodLowestPrice, market.MethodComposite, market.MethodRandomDraw, market.MethodReverseAuction, market.MethodDirect}
}

func (p *Portal) projectFormPage(c echo.Context, status int, f projectForm) error {
	v, err := p.wsPage(c, "ws.new_project", domain.ActProjectOwn)
	if err != nil {
		return err
	}
	items, err := p.market.Catalogue().List(c.Request().Context(), catalogue.Filter{Status: catalogue.Retained, Page: domain.Page{Page: 1, PerPage: 100}})
	if err != nil {
		return err
	}
	f.Items, f.Department, f.Methods = items.Items, v.Actor.Role == domain.RoleDepartment, methodsFor(v.Actor.Role)
	f.AvoidReasons = market.AvoidReasonCodes
	f.Avoid = withBlankAvoidRows(f.Avoid, f.AvoidRowsShown)
	now, err := p.now(c)
	if err != nil {
		return err
	}
	f.Window = p.market.Periods.MinBiddingWindow
	f.EarliestClose = p.market.Deadline(f.Window, now)
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	return p.renderWS(c, status, "ws_project_form", v, f)
}

func (p *Portal) handleProjectForm(c echo.Context) error {
	now, err := p.now(c)
	if err != nil {
		return err
	}
	f := projectForm{Method: market.MethodLowestPrice, ServiceDays: "30",
		ClosesAt: now.Add(7 * 24 * time.Hour).In(calendar.Beijing).Format("2006-01-02T15:04")}
	if me, err := p.market.Accounts().Me(c.Request().Context(), api.ActorOf(c)); err == nil {
		f.ContactPhone, f.ContactEmail = me.ContactPhone, me.Email
	} else if domain.ErrorCode(err) != domain.EUNAUTHORIZED {
		return err
	}
	return p.projectFormPage(c, http.StatusOK, f)
}

// handleProjectCreate saves the draft and, with do=publish, publishes it.
// Every refusal returns the form with the message beside its field.
func (p *Portal) handleProjectCreate(c echo.Context) error {
	f := projectForm{Title: c.FormValue("title"), Description: c.FormValue("description"), ItemCode: c.FormValue("item_code"),
		Region: c.FormValue("region"), BudgetCode: c.FormValue("budget_code"), Ceiling: strings.TrimSpace(c.FormValue("ceiling_price")),
		Method: c.FormValue("method"), ClosesAt: c.FormValue("bidding_closes_at"), ServiceDays: c.FormValue("service_days"),
		MinBids: c.FormValue("min_bids"), WPrice: c.FormValue("w_price"), WCredit: c.FormValue("w_credit"),
		WTechnical: c.FormValue("w_technical"), MinStep: strings.TrimSpace(c.FormValue("min_step")), Avoid: avoidRows(c),
		Errors: map[string]string{}, InvestmentCode: c.FormValue("investment_project_code"),
		ContactName: c.FormValue("contact_name"), ContactPhone: c.FormValue("contact_phone"), ContactEmail: c.FormValue("contact_email")}
	if c.FormValue("do") == "avoid_more" {
		// one more row without JavaScript: the form comes back as typed
		f.AvoidRowsShown = avoidRowsShown(c) + 1
		return p.projectFormPage(c, http.StatusOK, f)
	}
	v := p.newPage(c, "", "")
	p.resolveAvoidRows(c.Request().Context(), v, &f)
	in, ok := f.input(v)
	if !ok {
		return p.projectFormPage(c, http.StatusBadRequest, f)
	}
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	pr, err := p.market.Projects().Create(ctx, actor, in)
	if err == nil && c.FormValue("do") == "publish" {
		if _, err = p.market.Projects().Publish(ctx, actor, pr.ID); err != nil {
			f.Draft = pr.ID
		}
	}
	if err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		field := fieldOr(de, "form")
		f.Errors[field] = v.errorText(err)
		return p.projectFormPage(c, status, f)
	}
	if c.FormValue("do") == "publish" {
		return c.Redirect(http.StatusSeeOther, "/projects/"+itoa(pr.ID))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/projects#p"+itoa(pr.ID))
}

// input converts the typed form to the domain input; format errors are
// set beside their fields.
func (f *projectForm) input(v *page) (market.ProjectInput, bool) {
	in := market.ProjectInput{Title: f.Title, Description: f.Description, ItemCode: f.ItemCode, Region: f.Region,
		BudgetCode: f.BudgetCode, Method: f.Method, InvestmentProjectCode: f.InvestmentCode,
		Contact: &market.ProjectContact{Name: f.ContactName, Phone: f.ContactPhone, Email: f.ContactEmail}}
	money := func(field, s string) *domain.Money {
		if s == "" {
			return nil
		}
		m, err := domain.ParseMoney(strings.TrimPrefix(strings.ReplaceAll(s, ",", ""), "¥"))
		if err != nil {
			f.Errors[field] = v.T("error.price_format")
			return nil
		}
		return &m
	}
	num := func(field, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			f.Errors[field] = v.T("error.number_format")
		}
		return n
	}
	in.CeilingPrice = money("ceiling_price", f.Ceiling)
	in.MinStep = money("min_step", f.MinStep)
	in.ServiceDays = num("service_days", f.ServiceDays)
	if f.MinBids != "" {
		n := num("min_bids", f.MinBids)
		in.MinBids = &n
	}
	if f.Method == market.MethodComposite {
		in.Weights = &market.Weights{Price: num("weights", f.WPrice), Credit: num("weights", f.WCredit), Technical: num("weights", f.WTechnical)}
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", f.ClosesAt, calendar.Beijing); err == nil {
		in.BiddingClosesAt = t
	} else {
		f.Errors["bidding_closes_at"] = v.T("error.closes_at_required")
	}
	for _, r := range f.Avoid {
		if r.ID != 0 { // resolved from the name typed (resolveAvoidRows)
			in.Avoid = append(in.Avoid, market.Avoid{AgencyID: r.ID, ReasonCode: r.ReasonCode, Reason: r.Reason})
		}
	}
	if v.Actor.Role == domain.RoleDepartment {
		in.Funding = market.FundingBudget
	} else {
		in.Funding = market.FundingSelf
	}
	return in, len(f.Errors) == 0
}
