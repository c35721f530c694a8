package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain/market"
)

// amendmentListView is the 更正公告 list.
type amendmentListView struct {
	Items []amendmentRow
	Pager pager
}

// amendmentRow is one line of the list.
type amendmentRow struct {
	A       *market.Amendment
	Changes []changeRow
}

// handleAmendmentList lists every published amendment, newest first,
// beside the 采购公告 and 结果公示 lists.
func (p *Portal) handleAmendmentList(c echo.Context) error {
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	l, err := p.market.Notices().RecentAmendments(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	v := p.newPage(c, "amendments", "nav.amendments")
	rows := make([]amendmentRow, len(l.Items))
	for i, a := range l.Items {
		rows[i] = amendmentRow{A: a, Changes: changeRows(a)}
	}
	v.Body = amendmentListView{Items: rows, Pager: listPager(c, l.Total, l.Page, l.PerPage)}
	return p.render(c, http.StatusOK, "amendments", v)
}

// noticePrintView is the printable notice (下载公告): the platform and the
// notice's address head the printout.
type noticePrintView struct {
	P        *market.Project
	URL      string
	Platform string
	Docs     *noticeDocsView
	Now      string
}

// handleNoticePrint renders the notice for printing or saving as PDF from
// the browser; print.css drops the site's navigation.
func (p *Portal) handleNoticePrint(c echo.Context) error {
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
	now, err := p.now(c)
	if err != nil {
		return err
	}
	v := p.newPage(c, "projects", "nav.announcements")
	v.Title = pr.Title
	v.Body = noticePrintView{P: pr, URL: c.Scheme() + "://" + c.Request().Host + "/projects/" + c.Param("id"),
		Platform: v.T("site.name"), Docs: p.noticeDocs(c, actor, pr, nil, false), Now: clock(now)}
	return p.render(c, http.StatusOK, "notice_print", v)
}
