package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/platformnotice"
)

// SiteFooter is what the footer of every page says about who runs the
// platform (SITE_HOST_ORG, SITE_OPERATOR, SITE_HELPLINE). An empty field
// shows a placeholder saying it is set by the deploying organisation.
type SiteFooter struct {
	HostOrg, Operator, Helpline string
}

// guideView is 办事指南: the steps of each role with the platform's periods.
type guideView struct {
	Periods []guidePeriod
}

// guidePeriod is one period of the lifecycle as configured.
type guidePeriod struct {
	Key    string // message id of its name
	Period market.Period
}

// handleGuide is 办事指南: how to register, bid and object, with the
// periods this deployment applies.
func (p *Portal) handleGuide(c echo.Context) error {
	ps := p.market.Periods
	v := p.newPage(c, "guide", "guide.title")
	v.Body = guideView{Periods: []guidePeriod{
		{"guide.period_bidding", ps.MinBiddingWindow},
		{"guide.period_publicity", ps.Publicity},
		{"guide.period_answer", ps.ObjectionAnswer},
		{"guide.period_complaint", ps.Complaint},
		{"guide.period_signing", ps.Signing},
		{"guide.period_evaluation", ps.Evaluation},
	}}
	return p.render(c, http.StatusOK, "guide", v)
}

// handlePolicies is 政策法规: the guideline the platform implements and the
// rules it applies, with links.
func (p *Portal) handlePolicies(c echo.Context) error {
	v := p.newPage(c, "policies", "policies.title")
	return p.render(c, http.StatusOK, "policies", v)
}

// noticesView is a page of 通知公告.
type noticesView struct {
	Items []*platformnotice.Notice
	Total int
	Pager pager
}

func (p *Portal) handleNotices(c echo.Context) error {
	pg, err := api.PageParams(c)
	if err != nil {
		return err
	}
	list, err := p.market.PlatformNotices().List(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	v := p.newPage(c, "notices", "notices.title")
	v.Body = noticesView{Items: list.Items, Total: list.Total, Pager: newPager(c, list.Total, pg)}
	return p.render(c, http.StatusOK, "notices", v)
}

func (p *Portal) handleNoticeItem(c echo.Context) error {
	id, err := api.IDParam(c, "id", platformnotice.ErrNotFound)
	if err != nil {
		return err
	}
	n, err := p.market.PlatformNotices().Find(c.Request().Context(), id)
	if err != nil {
		return err
	}
	v := p.newPage(c, "notices", "notices.title")
	v.Title = n.Title
	v.Body = n
	return p.render(c, http.StatusOK, "platform_notice", v)
}

// noticeForm is the admin's form for a new 通知公告.
type noticeForm struct {
	Title, Body string
	Errors      map[string]string
	Published   *platformnotice.Notice
	Recent      []*platformnotice.Notice
}

func (p *Portal) handleAdminNotices(c echo.Context) error {
	v, err := p.wsPage(c, "ws.notices", domain.ActAdminister)
	if err != nil {
		return err
	}
	return p.adminNoticesPage(c, v, http.StatusOK, noticeForm{})
}

func (p *Portal) handleNoticePublish(c echo.Context) error {
	v, err := p.wsPage(c, "ws.notices", domain.ActAdminister)
	if err != nil {
		return err
	}
	f := noticeForm{Title: c.FormValue("title"), Body: c.FormValue("body"), Errors: map[string]string{}}
	n, err := p.market.PlatformNotices().Publish(c.Request().Context(), api.ActorOf(c), platformnotice.Input{Title: f.Title, Body: f.Body})
	if err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		field := fieldOr(de, "title")
		f.Errors[field] = v.errorText(err)
		return p.adminNoticesPage(c, v, status, f)
	}
	return p.adminNoticesPage(c, v, http.StatusOK, noticeForm{Published: n})
}

func (p *Portal) adminNoticesPage(c echo.Context, v *page, status int, f noticeForm) error {
	list, err := p.market.PlatformNotices().List(c.Request().Context(), domain.Page{Page: 1, PerPage: 10})
	if err != nil {
		return err
	}
	f.Recent = list.Items
	return p.renderWS(c, status, "ws_notices", v, f)
}

// paragraphs splits a notice's text into its paragraphs for display.
func paragraphs(s string) []string {
	var out []string
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if para = strings.TrimSpace(para); para != "" {
			out = append(out, para)
		}
	}
	return out
}
