package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/files"
	"marketplace/domain/market"
)

// docRow is one document of the notice as the page shows it.
type docRow struct {
	D          *market.NoticeDocument
	Size       string
	Superseded bool
	// Removable: the owner may still delete it (a draft's, or pending).
	Removable bool
}

// docRowView feeds the doc_row partial.
type docRowView struct {
	Page *page
	Row  docRow
}

// noticeEntry is one dated entry of the notice's history: a document of
// the original notice, or an amendment (clarifications join here).
type noticeEntry struct {
	At        time.Time
	Amendment *market.Amendment
	Changes   []changeRow
	Docs      []docRow
}

// noticeDocsView is the documents and amendments part of a notice.
type noticeDocsView struct {
	// Original are the documents of the notice as first published (or the
	// draft's); Entries the amendments in date order with their documents.
	Original []docRow
	Entries  []noticeEntry
	Pending  []docRow
	// Current are the published documents an amendment may supersede.
	Current []docRow
	// Owner forms: upload (draft or bidding), amendment (bidding).
	CanUpload, CanAmend bool
	// ClosesAt is the current close in the form's layout (platform time).
	ClosesAt string
	// NeedsConfirmation: the agency's own bid waits for it (open only).
	NeedsConfirmation bool
	Errors            map[string]string
	Form              map[string]string
}

// noticeDocsErrorKey carries a refused document or amendment form to the
// notice that renders it again.
const noticeDocsErrorKey = "notice_docs_error"

// noticeDocsForm is a refused form: the field at fault, its message, and
// the values as typed.
type noticeDocsForm struct {
	Errors map[string]string
	Values map[string]string
}

// sizeText writes a byte count as B, KB or MB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return strconv.FormatInt(n, 10) + " B"
}

// formTimeLayout is the layout of a datetime-local input.
const formTimeLayout = "2006-01-02T15:04"

// noticeDocs builds the documents and amendments part of pr's notice.
func (p *Portal) noticeDocs(c echo.Context, actor domain.Actor, pr *market.Project, myBid *market.Bid, open bool) *noticeDocsView {
	ctx := c.Request().Context()
	v := &noticeDocsView{Errors: map[string]string{}, Form: map[string]string{}}
	docs, err := p.market.Notices().Documents(ctx, actor, pr.ID)
	if err != nil {
		return v
	}
	amends, err := p.market.Notices().Amendments(ctx, actor, pr.ID)
	if err != nil {
		return v
	}
	owner := pr.IsOwner(actor)
	byAmendment := map[int64][]docRow{}
	for _, d := range docs {
		row := docRow{D: d, Size: sizeText(d.Size), Superseded: !d.Current(), Removable: owner && (pr.Status == market.ProjectDraft || d.Pending)}
		switch {
		case d.Pending:
			v.Pending = append(v.Pending, row)
			continue
		case d.AmendmentID != nil:
			byAmendment[*d.AmendmentID] = append(byAmendment[*d.AmendmentID], row)
		default:
			v.Original = append(v.Original, row)
		}
		if d.Current() && pr.Status != market.ProjectDraft {
			v.Current = append(v.Current, row)
		}
	}
	for _, a := range amends {
		v.Entries = append(v.Entries, noticeEntry{At: a.PublishedAt, Amendment: a, Changes: changeRows(a), Docs: byAmendment[a.ID]})
	}
	sort.SliceStable(v.Entries, func(i, j int) bool { return v.Entries[i].At.Before(v.Entries[j].At) })
	v.CanUpload = owner && (pr.Status == market.ProjectDraft || open)
	v.CanAmend = owner && open
	v.ClosesAt = pr.ClosesAt.In(calendar.Beijing).Format(formTimeLayout)
	v.NeedsConfirmation = open && myBid != nil && myBid.Status == market.BidSubmitted && myBid.NeedsConfirmation
	if f, ok := c.Get(noticeDocsErrorKey).(noticeDocsForm); ok {
		v.Errors, v.Form = f.Errors, f.Values
	}
	return v
}

// refuseNoticeForm renders the notice again with err beside field, or
// returns err when it is not one to show on the form.
func (p *Portal) refuseNoticeForm(c echo.Context, err error, values map[string]string) error {
	de, ok := domain.AsError(err)
	if !ok || de.Code == domain.EUNAUTHORIZED || de.Is(domain.ErrForbidden) || de.Code == domain.ENOTFOUND {
		return err
	}
	field := de.Field
	if field == "" {
		field = "form"
	}
	v := p.newPage(c, "", "")
	c.Set(noticeDocsErrorKey, noticeDocsForm{Errors: map[string]string{field: v.errorText(err)}, Values: values})
	return p.renderNotice(c, api.StatusOf(de.Code), bidForm{Errors: map[string]string{}})
}

func (p *Portal) handleNoticeDocumentUpload(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	values := map[string]string{"title": c.FormValue("title")}
	in := market.NoticeDocumentInput{Title: values["title"]}
	var doc io.Reader
	if fh, ferr := c.FormFile("file"); ferr == nil {
		f, err := fh.Open()
		if err != nil {
			return p.refuseNoticeForm(c, files.ErrDocumentMissing, values)
		}
		defer f.Close()
		doc, in.FileName = f, fh.Filename
	}
	if _, err := p.market.Notices().AddDocument(c.Request().Context(), api.ActorOf(c), id, in, doc); err != nil {
		return p.refuseNoticeForm(c, err, values)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#documents")
}

func (p *Portal) handleNoticeDocumentRemove(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	docID, err := api.IDParam(c, "doc_id", market.ErrNoticeDocumentNotFound)
	if err != nil {
		return err
	}
	if err := p.market.Notices().RemoveDocument(c.Request().Context(), api.ActorOf(c), id, docID); err != nil {
		return p.refuseNoticeForm(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#documents")
}

// amendmentFromForm reads the amendment form. Every term comes prefilled
// with its current value, so only what differs is a change; the close is
// compared at the form's minute precision.
func (p *Portal) amendmentFromForm(ctx context.Context, c echo.Context, id int64) (market.AmendmentInput, map[string]string, error) {
	values := map[string]string{}
	for _, k := range []string{"rationale", "description", "ceiling_price", "service_days", "closes_at"} {
		values[k] = strings.TrimSpace(c.FormValue(k))
	}
	in := market.AmendmentInput{Rationale: values["rationale"]}
	pr, err := p.market.Projects().Get(ctx, api.ActorOf(c), id)
	if err != nil {
		return in, values, err
	}
	// A field left out of the form is left as it is.
	if d, sent := c.Request().Form["description"]; sent && len(d) == 1 && strings.TrimSpace(d[0]) != pr.Description {
		in.Description = &d[0]
	}
	if s := values["ceiling_price"]; s != "" {
		m, err := domain.ParseMoney(strings.TrimPrefix(strings.ReplaceAll(s, ",", ""), "¥"))
		if err != nil {
			return in, values, domain.FieldError("ceiling_price", "price_format", "The ceiling price must be an amount such as 95000.00.")
		}
		in.CeilingPrice = &m
	}
	if s := values["service_days"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return in, values, domain.FieldError("service_days", "number_format", "service_days must be a whole number.")
		}
		in.ServiceDays = &n
	}
	if s := values["closes_at"]; s != "" && s != pr.ClosesAt.In(calendar.Beijing).Format(formTimeLayout) {
		t, err := time.ParseInLocation(formTimeLayout, s, calendar.Beijing)
		if err != nil {
			return in, values, domain.FieldError("closes_at", "closes_at_format", "The closing time must be a date and time.")
		}
		in.ClosesAt = &t
	}
	for key, dst := range map[string]*[]int64{"add_documents": &in.AddDocuments, "supersede_documents": &in.SupersedeDocuments} {
		for _, s := range c.Request().Form[key] {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return in, values, domain.FieldError(key, "number_format", "Pick documents from the list.")
			}
			*dst = append(*dst, n)
		}
	}
	return in, values, nil
}

func (p *Portal) handleAmendmentForm(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	in, values, err := p.amendmentFromForm(ctx, c, id)
	if err == nil {
		_, err = p.market.Notices().AmendProject(ctx, api.ActorOf(c), id, in)
	}
	if err != nil {
		return p.refuseNoticeForm(c, err, values)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#amendments")
}

func (p *Portal) handleBidConfirmForm(c echo.Context) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Bidding().ConfirmBid(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return p.refuseNoticeForm(c, err, nil)
	}
	return c.Redirect(http.StatusSeeOther, "/projects/"+c.Param("id")+"#my-bid")
}

// changeRow is one change of an amendment, its values written for the page.
type changeRow struct {
	Field, Before, After string
}

// changeRows writes an amendment's changes for the page: times in
// platform time, document titles joined.
func changeRows(a *market.Amendment) []changeRow {
	out := make([]changeRow, len(a.Changes))
	for i, ch := range a.Changes {
		out[i] = changeRow{Field: ch.Field, Before: changeValue(ch.Before), After: changeValue(ch.After)}
	}
	return out
}

func changeValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case time.Time:
		return clock(x)
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return clock(t)
		}
		return x
	case []string:
		return strings.Join(x, "、")
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "、")
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
