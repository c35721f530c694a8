package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/credit"
)

// inspectionsView lists the random inspections (双随机) with the form to
// draw a new one.
type inspectionsView struct {
	Items []*credit.Inspection
	Total int
	Pager pager
	Form  inspectionForm
	Dept  bool
	// Catalogue offers the service items by name (the draw's item
	// filter); ItemNames name the items of the listed inspections.
	Catalogue []*catalogue.Item
	ItemNames map[string]string
}

// inspectionForm is the draw form, kept as typed when refused.
type inspectionForm struct {
	ItemCode, Region, SampleSize, Inspectors, PerAgency string
	Errors                                              map[string]string
}

func (p *Portal) handleInspections(c echo.Context) error {
	v, err := p.wsPage(c, "ws.inspections", domain.ActSupervise)
	if err != nil {
		return err
	}
	return p.inspectionsPage(c, v, http.StatusOK, inspectionForm{SampleSize: "3", PerAgency: "2", Errors: map[string]string{}})
}

func (p *Portal) inspectionsPage(c echo.Context, v *page, status int, f inspectionForm) error {
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	list, err := p.market.Credit().ListInspections(c.Request().Context(), pg)
	if err != nil {
		return err
	}
	items, err := p.catalogueItems(c.Request().Context())
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_inspections", v, inspectionsView{Items: list.Items, Total: list.Total,
		Pager: listPager(c, list.Total, list.Page, list.PerPage), Form: f, Dept: domain.Can(v.Actor, domain.ActInspect),
		Catalogue: items, ItemNames: itemNamesOf(items)})
}

// handleInspectionCreate draws the agencies and inspectors of a new inspection.
func (p *Portal) handleInspectionCreate(c echo.Context) error {
	v, err := p.wsPage(c, "ws.inspections", domain.ActInspect)
	if err != nil {
		return err
	}
	f := inspectionForm{ItemCode: c.FormValue("item_code"), Region: c.FormValue("region"), SampleSize: c.FormValue("sample_size"),
		Inspectors: c.FormValue("inspectors"), PerAgency: c.FormValue("inspectors_per_agency"), Errors: map[string]string{}}
	in := credit.InspectionInput{ItemCode: strings.TrimSpace(f.ItemCode), Region: strings.TrimSpace(f.Region)}
	if in.SampleSize, err = strconv.Atoi(strings.TrimSpace(f.SampleSize)); err != nil {
		f.Errors["sample_size"] = v.T("error.number_format")
	}
	if s := strings.TrimSpace(f.PerAgency); s != "" {
		if in.InspectorsPerAgency, err = strconv.Atoi(s); err != nil {
			f.Errors["inspectors_per_agency"] = v.T("error.number_format")
		}
	}
	in.Inspectors = strings.FieldsFunc(f.Inspectors, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == '、' })
	if len(f.Errors) > 0 {
		return p.inspectionsPage(c, v, http.StatusBadRequest, f)
	}
	ins, err := p.market.Credit().CreateInspection(c.Request().Context(), api.ActorOf(c), in)
	if err != nil {
		de, status, ok := refused(err)
		if !ok {
			return err
		}
		field := fieldOr(de, "item_code")
		f.Errors[field] = v.errorText(err)
		return p.inspectionsPage(c, v, status, f)
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/inspections/"+itoa(ins.ID))
}

// inspectionView is one inspection with its drawn agencies and results.
type inspectionView struct {
	I     *credit.Inspection
	Mine  bool
	Error string
	// Names names the drawn agencies.
	Names domain.Names
}

func (p *Portal) inspectionPage(c echo.Context, status int, errText string) error {
	v, err := p.wsPage(c, "ws.inspections", domain.ActSupervise)
	if err != nil {
		return err
	}
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ins, err := p.market.Credit().GetInspection(c.Request().Context(), id)
	if err != nil {
		return err
	}
	ids := make([]int64, len(ins.Targets))
	for i, t := range ins.Targets {
		ids[i] = t.AgencyID
	}
	names, err := p.market.AccountNames(c.Request().Context(), ids)
	if err != nil {
		return err
	}
	return p.renderWS(c, status, "ws_inspection", v, inspectionView{I: ins, Mine: ins.DepartmentID == v.Actor.ID, Error: errText, Names: names})
}

func (p *Portal) handleInspection(c echo.Context) error {
	return p.inspectionPage(c, http.StatusOK, "")
}

// handleInspectionResult records pass or fail for one drawn agency.
func (p *Portal) handleInspectionResult(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	agencyID, _ := strconv.ParseInt(c.FormValue("agency_id"), 10, 64)
	if _, err := p.market.Credit().RecordInspectionResult(c.Request().Context(), api.ActorOf(c), id, agencyID, c.FormValue("result"), c.FormValue("findings")); err != nil {
		_, status, ok := refused(err)
		if !ok {
			return err
		}
		v := p.newPage(c, "", "")
		return p.inspectionPage(c, status, v.errorText(err))
	}
	return c.Redirect(http.StatusSeeOther, "/workspace/inspections/"+c.Param("id"))
}
