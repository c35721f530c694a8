package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// handleDeliverForm takes the agency's delivery: a note and, optionally, a
// document (multipart/form-data, the same limits as the JSON API).
func (p *Portal) handleDeliverForm(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(api.ActorOf(c), domain.ActDeliver); err != nil {
		return err
	}
	req := c.Request()
	req.Body = http.MaxBytesReader(c.Response(), req.Body, api.MaxUploadBody)
	f := formOf(c, "deliver", "note")
	var doc io.Reader
	name := ""
	if fh, err := c.FormFile("file"); err == nil && fh.Filename != "" {
		file, err := fh.Open()
		if err != nil {
			return domain.Errorf(domain.EINVALID, "malformed_multipart", "The uploaded file could not be read.")
		}
		defer file.Close()
		doc, name = file, fh.Filename
	} else if err != nil && !errors.Is(err, http.ErrMissingFile) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return files.ErrDocumentTooLarge
		}
	}
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().Deliver(ctx, a, id, f.V["note"], name, doc)
		return err
	})
}

func (p *Portal) handleAcceptanceForm(c echo.Context) error {
	f := formOf(c, "acceptance", "accept", "reason")
	accept := f.V["accept"] == "1"
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().DecideDelivery(ctx, a, id, accept, f.V["reason"])
		return err
	})
}

func (p *Portal) handlePaymentForm(c echo.Context) error {
	v := p.newPage(c, "", "")
	f := formOf(c, "payment", "amount", "paid_on", "budget_code")
	amount, err := parseYuan(f.V["amount"])
	if err != nil {
		f.Errors["amount"] = v.T("error.price_format")
	}
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().RecordPayment(ctx, a, id, market.PaymentInput{Amount: amount, PaidOn: f.V["paid_on"], BudgetCode: f.V["budget_code"]})
		return err
	})
}

var ratingFields = []string{"quality", "timeliness", "attitude", "fee"}

func (p *Portal) handleEvaluateForm(c echo.Context) error {
	v := p.newPage(c, "", "")
	f := formOf(c, "evaluate", append([]string{"comment"}, ratingFields...)...)
	r := map[string]int{}
	for _, k := range ratingFields {
		n, err := strconv.Atoi(f.V[k])
		if err != nil || n < 1 || n > 5 {
			f.Errors[k] = v.T("life.rating_range")
		}
		r[k] = n
	}
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().Evaluate(ctx, a, id, market.EvaluationInput{Quality: r["quality"], Timeliness: r["timeliness"],
			Attitude: r["attitude"], Fee: r["fee"], Comment: f.V["comment"]})
		return err
	})
}

func (p *Portal) handleReplyForm(c echo.Context) error {
	f := formOf(c, "reply", "reply")
	return p.act(c, f, func(ctx context.Context, a domain.Actor, id int64) error {
		_, err := p.market.PostAward().ReplyToEvaluation(ctx, a, id, f.V["reply"])
		return err
	})
}

// complaint is one escalated objection awaiting an admin's decision.
type complaint struct {
	O       *market.Objection
	Project *market.Project
}

// complaintsView is the admin's list of complaints, with the refused form.
type complaintsView struct {
	Items  []complaint
	Form   actForm
	Notice string
}

// escalated lists the complaints awaiting a decision, each with its project.
func (p *Portal) escalated(c echo.Context) ([]complaint, error) {
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	list, err := p.market.PostAward().Complaints(ctx, actor, domain.Page{Page: 1, PerPage: domain.MaxPerPage})
	if err != nil {
		return nil, err
	}
	out := make([]complaint, 0, len(list.Items))
	for _, o := range list.Items {
		pr, err := p.market.Projects().Get(ctx, actor, o.ProjectID)
		if err != nil {
			return nil, err
		}
		out = append(out, complaint{O: o, Project: pr})
	}
	return out, nil
}

func (p *Portal) handleComplaints(c echo.Context) error {
	return p.renderComplaints(c, http.StatusOK, newActForm(""))
}

func (p *Portal) renderComplaints(c echo.Context, status int, f actForm) error {
	v, err := p.wsPage(c, "ws.complaints", domain.ActDecideObjection)
	if err != nil {
		return err
	}
	items, err := p.escalated(c)
	if err != nil {
		return err
	}
	cv := complaintsView{Items: items, Form: f}
	if c.QueryParam("decided") != "" {
		cv.Notice = v.T("life.decided")
	}
	return p.renderWS(c, status, "ws_complaints", v, cv)
}

func (p *Portal) handleComplaintDecide(c echo.Context) error {
	v := p.newPage(c, "", "")
	f := formOf(c, "", "objection_id", "upheld", "reason")
	f.Name = f.V["objection_id"]
	id, err := strconv.ParseInt(f.V["objection_id"], 10, 64)
	if err != nil {
		return market.ErrObjectionNotFound
	}
	if f.V["upheld"] != "1" && f.V["upheld"] != "0" {
		f.Errors["upheld"] = v.T("life.choose_decision")
		return p.renderComplaints(c, http.StatusBadRequest, f)
	}
	if _, err := p.market.PostAward().DecideObjection(c.Request().Context(), api.ActorOf(c), id, f.V["upheld"] == "1", f.V["reason"]); err != nil {
		de, ok := domain.AsError(err)
		if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND {
			return err
		}
		field := de.Field
		if field == "" {
			field = "form"
		}
		f.Errors[field] = v.errorText(err)
		return p.renderComplaints(c, api.StatusOf(de.Code), f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/complaints?decided=1")
}

// parseYuan reads an amount typed in yuan ("1,200.50" or "¥1200").
func parseYuan(s string) (domain.Money, error) {
	return domain.ParseMoney(strings.TrimPrefix(strings.ReplaceAll(s, ",", ""), "¥"))
}
