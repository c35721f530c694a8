package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/agency"
	"marketplace/domain/catalogue"
	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// profileForm is the agency's profile form, kept as typed.
type profileForm struct {
	A           *agency.Agency
	Description string
	Address     string
	Region      string
	Website     string
	ContactName string
	Phone       string
	Public      bool
	Items       string
	Errors      map[string]string
	Saved       bool
	// Groups are the items to pick from, by department; Selected are the
	// codes picked (the editor is a multi-select of names).
	Groups   []itemGroup
	Selected map[string]bool
}

func (p *Portal) profilePage(c echo.Context, status int, f *profileForm) error {
	v, err := p.wsPage(c, "ws.profile", domain.ActAgencyOwnProfile)
	if err != nil {
		return err
	}
	a, err := p.market.Agencies().MyAgency(c.Request().Context(), api.ActorOf(c))
	if err != nil {
		return err
	}
	if f == nil {
		f = &profileForm{Description: a.Description, Address: a.OfficeAddress, Region: a.Region, Website: a.Website,
			ContactName: a.ContactName, Phone: a.ContactPhone, Public: a.ContactPublic, Items: strings.Join(a.ServiceItems, " "),
			Saved: c.QueryParam("saved") != ""}
	}
	f.A = a
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if err := p.fillItemPicker(c.Request().Context(), f); err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_profile", v, f)
}

func (p *Portal) handleProfile(c echo.Context) error { return p.profilePage(c, http.StatusOK, nil) }

func (p *Portal) handleProfileSave(c echo.Context) error {
	f := &profileForm{Description: c.FormValue("description"), Address: c.FormValue("office_address"), Region: c.FormValue("region"),
		Website: c.FormValue("website"), ContactName: c.FormValue("contact_name"), Phone: c.FormValue("contact_phone"),
		Public: c.FormValue("contact_public") == "1", Errors: map[string]string{}}
	items := pickedItems(c)
	f.Items = strings.Join(items, " ")
	patch := agency.Patch{Description: &f.Description, OfficeAddress: &f.Address, Region: &f.Region, Website: &f.Website,
		ContactName: &f.ContactName, ContactPublic: &f.Public, ServiceItems: &items}
	if f.Phone != "" {
		patch.ContactPhone = &f.Phone // an empty phone keeps the registered one
	}
	if _, err := p.market.Agencies().UpdateProfile(c.Request().Context(), api.ActorOf(c), patch); err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		field := fieldOr(de, "form")
		f.Errors[field] = v.errorText(err)
		return p.profilePage(c, status, f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/profile?saved=1")
}

// qualView lists the agency's qualifications with the upload form.
type qualView struct {
	A      *agency.Agency
	Form   agency.QualificationInput
	Errors map[string]string
	// Items are offered by name for the certificate's item.
	Items []*catalogue.Item
}

func (p *Portal) qualPage(c echo.Context, status int, q qualView) error {
	v, err := p.wsPage(c, "ws.qualifications", domain.ActQualify)
	if err != nil {
		return err
	}
	a, err := p.market.Agencies().MyAgency(c.Request().Context(), api.ActorOf(c))
	if err != nil {
		return err
	}
	q.A = a
	if q.Items, err = p.catalogueItems(c.Request().Context()); err != nil {
		return err
	}
	if q.Errors == nil {
		q.Errors = map[string]string{}
	}
	return p.renderWS(c, status, "ws_qualifications", v, q)
}

func (p *Portal) handleQualifications(c echo.Context) error {
	return p.qualPage(c, http.StatusOK, qualView{})
}

// handleQualificationUpload takes the certificate and its scan as a
// multipart form (works without JavaScript).
func (p *Portal) handleQualificationUpload(c echo.Context) error {
	// Asked before the body is read: a refused upload is never spooled.
	if err := domain.Authorize(api.ActorOf(c), domain.ActQualify); err != nil {
		return err
	}
	in := agency.QualificationInput{ItemCode: c.FormValue("item_code"), Number: c.FormValue("number"), Issuer: c.FormValue("issuer"),
		ValidFrom: c.FormValue("valid_from"), ValidUntil: c.FormValue("valid_until")}
	var doc io.Reader
	if fh, err := c.FormFile("file"); err == nil {
		f, err := fh.Open()
		if err != nil {
			return err
		}
		defer f.Close()
		doc, in.FileName = f, fh.Filename
	}
	if _, err := p.market.Agencies().AddQualification(c.Request().Context(), api.ActorOf(c), in, doc); err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		field := fieldOr(de, "file", "document")
		return p.qualPage(c, status, qualView{Form: in, Errors: map[string]string{field: v.errorText(err)}})
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/qualifications")
}

func pathID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Errorf(domain.ENOTFOUND, "not_found", "No resource with id %q.", c.Param("id"))
	}
	return id, nil
}

func (p *Portal) handleQualificationRemove(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := p.market.Agencies().DeleteQualification(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/qualifications")
}

// affView lists declared affiliations with the declaration form.
type affView struct {
	A           *agency.Agency
	Departments []*agency.Department
	Relations   []string
	Error       string
}

func (p *Portal) affPage(c echo.Context, status int, errText string) error {
	v, err := p.wsPage(c, "ws.affiliations", domain.ActAffiliate)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	a, err := p.market.Agencies().MyAgency(ctx, api.ActorOf(c))
	if err != nil {
		return err
	}
	deps, err := p.market.Agencies().ListDepartments(ctx, domain.Page{Page: 1, PerPage: 100})
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_affiliations", v, affView{A: a, Departments: deps.Items, Error: errText,
		Relations: []string{agency.RelationSubordinate, agency.RelationFormerStaff, agency.RelationShareholding, agency.RelationOther}})
}

func (p *Portal) handleAffiliations(c echo.Context) error { return p.affPage(c, http.StatusOK, "") }

func (p *Portal) handleAffiliationAdd(c echo.Context) error {
	dep, _ := strconv.ParseInt(c.FormValue("department_id"), 10, 64)
	_, err := p.market.Agencies().DeclareAffiliation(c.Request().Context(), api.ActorOf(c),
		agency.AffiliationInput{DepartmentID: dep, Relation: c.FormValue("relation"), Note: c.FormValue("note")})
	if err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		return p.affPage(c, status, v.errorText(err))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/affiliations")
}

func (p *Portal) handleAffiliationRemove(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if err := p.market.Agencies().RemoveAffiliation(c.Request().Context(), api.ActorOf(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/affiliations")
}

// matchRow is an open project of one of the agency's items, with its own bid.
type matchRow struct {
	P   *market.Project
	Bid *market.Bid
}

// matchingKey keeps the matching rows of a request: the 待办 list of every
// workspace page shows them, and the matching page again.
const matchingKey = "matching"

// matching lists open projects of the agency's items, closing soonest first.
func (p *Portal) matching(c echo.Context) ([]matchRow, error) {
	if rows, ok := c.Get(matchingKey).([]matchRow); ok {
		return rows, nil
	}
	ctx := c.Request().Context()
	actor := api.ActorOf(c)
	a, err := p.market.Agencies().MyAgency(ctx, actor)
	if err != nil {
		return nil, err
	}
	list, err := p.market.Projects().List(ctx, actor, market.ProjectFilter{Status: market.ProjectBidding, ItemCodes: a.ServiceItems,
		Sort: "deadline", Page: domain.Page{Page: 1, PerPage: 50}})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(list.Items))
	for _, pr := range list.Items {
		if !pr.IsAuction() { // an auction has no sealed bid to show
			ids = append(ids, pr.ID)
		}
	}
	bids, err := p.market.Bids().MineOn(ctx, actor, ids)
	if err != nil {
		return nil, err
	}
	rows := make([]matchRow, 0, len(list.Items))
	for _, pr := range list.Items {
		rows = append(rows, matchRow{P: pr, Bid: bids[pr.ID]})
	}
	c.Set(matchingKey, rows)
	return rows, nil
}

// matchingView is the agency's list of matching open projects.
type matchingView struct {
	Rows  []matchRow
	Items []string
	Page  *page
}

func (p *Portal) handleMatching(c echo.Context) error {
	v, err := p.wsPage(c, "ws.matching", domain.ActAgencyOwnProfile)
	if err != nil {
		return err
	}
	rows, err := p.matching(c)
	if err != nil {
		return err
	}
	return p.renderWS(c, http.StatusOK, "ws_matching", v, matchingView{Rows: rows})
}

// myCreditView is the agency's own credit record, with appeal forms.
type myCreditView struct {
	Credit *credit.AgencyCredit
	Error  string
	Done   bool
}

func (p *Portal) myCreditPage(c echo.Context, status int, errText string) error {
	v, err := p.wsPage(c, "ws.my_credit", domain.ActAppealCredit)
	if err != nil {
		return err
	}
	cr, err := p.market.Credit().AgencyCredit(c.Request().Context(), api.ActorOf(c), api.ActorOf(c).ID)
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_credit", v, myCreditView{Credit: cr, Error: errText, Done: c.QueryParam("appealed") != ""})
}

func (p *Portal) handleMyCredit(c echo.Context) error { return p.myCreditPage(c, http.StatusOK, "") }

func (p *Portal) handleAppeal(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	if _, err := p.market.Credit().AppealEvent(c.Request().Context(), api.ActorOf(c), id, c.FormValue("reason")); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		return p.myCreditPage(c, status, v.errorText(err))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/credit?appealed=1")
}

// handleExit is the agency's voluntary exit (退出); the box must be ticked.
// A refusal (open bids or contracts, a sanction) is shown on the profile page.
func (p *Portal) handleExit(c echo.Context) error {
	v := p.newPage(c, "", "")
	f := &profileForm{Errors: map[string]string{}}
	if c.FormValue("confirm") != "1" {
		f.Errors["exit"] = v.T("error.exit_confirm")
		return p.profilePage(c, http.StatusBadRequest, p.profileFill(c, f))
	}
	if _, err := p.market.Agencies().Exit(c.Request().Context(), api.ActorOf(c)); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		f.Errors["exit"] = v.errorText(err)
		return p.profilePage(c, status, p.profileFill(c, f))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/profile")
}

// handleRejoin is an exited agency's return (重新入驻) from its workspace.
func (p *Portal) handleRejoin(c echo.Context) error {
	if _, err := p.market.Agencies().Rejoin(c.Request().Context(), api.ActorOf(c)); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		f := &profileForm{Errors: map[string]string{"exit": v.errorText(err)}}
		return p.profilePage(c, status, p.profileFill(c, f))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/profile")
}

// profileFill fills f with the stored profile (the exit form types nothing).
func (p *Portal) profileFill(c echo.Context, f *profileForm) *profileForm {
	if a, err := p.market.Agencies().MyAgency(c.Request().Context(), api.ActorOf(c)); err == nil {
		f.Description, f.Address, f.Region, f.Website = a.Description, a.OfficeAddress, a.Region, a.Website
		f.ContactName, f.Phone, f.Public, f.Items = a.ContactName, a.ContactPhone, a.ContactPublic, strings.Join(a.ServiceItems, " ")
	}
	return f
}
