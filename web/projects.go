package web

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
)

// projectListView is the announcement list (采购公告) and the results list
// (结果公示): the filters come from the URL so a list can be shared.
type projectListView struct {
	Projects []*market.Project
	Total    int
	Query    string
	Item     string
	Region   string
	Method   string
	Funding  string
	Status   string
	Sort     string
	Pager    pager
	Now      time.Time
	Action   string
	Methods  []string
	// Estimate marks Total as the engine's estimate (shown as 约 N 条).
	Estimate bool
	// Facets are the engine's counts for a text query.
	Facets []facetGroup
	// Searched is set when the text query went to the search engine.
	Searched bool
	// Results, on the result lists, are the rows with their results.
	Results []resultRow
	// Regions, Ceiling and Items are the facets offered as names.
	Regions regionFacet
	Ceiling ceilingFacet
	Items   []*catalogue.Item
}

var allMethods = []string{market.MethodLowestPrice, market.MethodComposite, market.MethodRandomDraw, market.MethodReverseAuction, market.MethodDirect}

func (p *Portal) projectList(c echo.Context, nav, titleID string, statuses []string) error {
	pg, err := pageOf20(c)
	if err != nil {
		return err
	}
	regions, err := p.regionFacetOf(c, domain.RegionsOfProjects)
	if err != nil {
		return err
	}
	ceiling, lo, hi, err := ceilingRange(c)
	if err != nil {
		return err
	}
	f := market.ProjectFilter{Query: c.QueryParam("q"), ItemCode: c.QueryParam("item"), Region: regions.Prefix(),
		Method: c.QueryParam("method"), Funding: c.QueryParam("funding"), Status: c.QueryParam("status"), Sort: c.QueryParam("sort"),
		Statuses: statuses, CeilingMin: lo, CeilingMax: hi, Page: pg}
	if f.Status == "" && nav == "projects" {
		f.Status = market.ProjectBidding
	}
	ctx := c.Request().Context()
	v := p.newPage(c, nav, titleID)
	body := projectListView{Query: f.Query, Item: f.ItemCode, Region: f.Region, Method: f.Method, Funding: f.Funding,
		Status: c.QueryParam("status"), Sort: f.Sort, Action: c.Request().URL.Path, Methods: allMethods,
		Regions: regions, Ceiling: ceiling}
	if body.Items, err = p.catalogueItems(ctx); err != nil {
		return err
	}
	if f.Query != "" {
		// a text query goes to the search engine
		res, rows, err := p.searchedProjects(c, f)
		if err != nil {
			return err
		}
		if body.Facets, err = p.facetGroups(c, v, res.Facets); err != nil {
			return err
		}
		body.Projects, body.Total, body.Estimate, body.Searched = rows, res.Total, res.TotalIsEstimate, true
		body.Pager = listPager(c, res.Total, res.Page, res.PerPage)
	} else {
		list, err := p.market.Projects().List(ctx, api.ActorOf(c), f)
		if err != nil {
			return err
		}
		body.Projects, body.Total, body.Pager = list.Items, list.Total, listPager(c, list.Total, list.Page, list.PerPage)
	}
	if body.Now, err = p.now(c); err != nil {
		return err
	}
	if statuses != nil {
		body.Results = resultRows(body.Projects, p.market)
	}
	v.Body = body
	return p.render(c, http.StatusOK, "projects", v)
}

func (p *Portal) handleProjects(c echo.Context) error {
	return p.projectList(c, "projects", "nav.announcements", nil)
}

// handleTerminated is the 终止/流标公告 list: cancelled and failed projects.
func (p *Portal) handleTerminated(c echo.Context) error {
	return p.projectList(c, "results", "lists.terminated", market.TerminatedProjectStatuses)
}

func (p *Portal) handleResults(c echo.Context) error {
	return p.projectList(c, "results", "nav.results", resultStatuses)
}

// resultRank is one line of a published ranking.
type resultRank struct {
	Rank           int           `json:"rank"`
	AgencyID       int64         `json:"agency_id"`
	AgencyName     string        `json:"agency_name"`
	Bidder         string        `json:"bidder"`
	Price          *domain.Money `json:"price"`
	Score          *float64      `json:"score"`
	PriceScore     *float64      `json:"price_score"`
	CreditScore    *int          `json:"credit_score"`
	TechnicalScore *int          `json:"technical_score"`
}

// resultDraw is a published random draw, verifiable by anyone.
type resultDraw struct {
	Input     string  `json:"input"`
	Seed      string  `json:"seed"`
	Algorithm string  `json:"algorithm"`
	Order     []int64 `json:"order"`
}

// resultView is what the notice shows of a project's `result` JSON; the
// lifecycle use cases write it, this page only reads the fields it knows.
type resultView struct {
	Ranking  []resultRank `json:"ranking"`
	Draw     *resultDraw  `json:"draw"`
	Seed     string       `json:"seed"`
	Input    string       `json:"input"`
	Winner   *int64       `json:"winner_agency_id"`
	WinnerNm string       `json:"winner_name"`
	Reason   string       `json:"reason"`
	// LowPrices are the abnormally low bids, explanations and decisions.
	LowPrices []*market.LowPriceBid `json:"low_prices"`
}

func parseResult(raw json.RawMessage) *resultView {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var r resultView
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil
	}
	if r.Draw == nil && r.Seed != "" {
		r.Draw = &resultDraw{Seed: r.Seed, Input: r.Input}
	}
	return &r
}

// noticeView is a project's notice page in UI.md's order.
type noticeView struct {
	P        *market.Project
	Genre    string
	Now      time.Time
	Open     bool
	Result   *resultView
	IsOwner  bool
	IsAgency bool
	MyBid    *market.Bid
	Bids     []*market.Bid
	BidForm  bidForm
	Life     *lifePanel
	// Docs is the notice's documents and amendments (pages_documents.go).
	Docs *noticeDocsView
	// Questions is the 答疑澄清 section (pages_questions.go).
	Questions *questionsPanel
	// BidDocs: the agency's own documents, or every bid's after the close.
	BidDocs *bidDocsPanel
}

// bidForm is the sealed-bid form, kept as typed after a refusal.
type bidForm struct {
	Price       string
	ServiceDays string
	Proposal    string
	Errors      map[string]string
}

// genre picks the notice title of UI.md for the project's state.
func genre(st string) string {
	switch st {
	case market.ProjectFailed:
		return "notice.title_failed"
	case market.ProjectCancelled:
		return "notice.title_cancelled"
	case market.ProjectDraft, market.ProjectBidding, market.ProjectEvaluating:
		return "notice.title_open"
	}
	return "notice.title_result"
}

func (p *Portal) handleProject(c echo.Context) error {
	return p.renderNotice(c, http.StatusOK, bidForm{Errors: map[string]string{}})
}

func (p *Portal) renderNotice(c echo.Context, status int, form bidForm) error {
	return p.renderNoticeAct(c, status, form, actForm{})
}

// renderNoticeAct renders the notice with a refused lifecycle form (act).
func (p *Portal) renderNoticeAct(c echo.Context, status int, form bidForm, act actForm) error {
	id, err := api.ProjectID(c)
	if err != nil {
		return err
	}
	// Every section below checks the project it shows: they read it once.
	// The refused action, if any, is over: the page only reads.
	ctx := domain.WithProjectMemo(c.Request().Context())
	c.SetRequest(c.Request().WithContext(ctx))
	actor := api.ActorOf(c)
	pr, err := p.market.Projects().Get(ctx, actor, id)
	if err != nil {
		return err
	}
	now, err := p.now(c)
	if err != nil {
		return err
	}
	nv := noticeView{P: pr, Genre: genre(pr.Status), Now: now, Open: pr.Status == market.ProjectBidding && now.Before(pr.ClosesAt),
		Result: parseResult(pr.Result), IsOwner: pr.IsOwner(actor), IsAgency: domain.Can(actor, domain.ActBid), BidForm: form}
	if nv.IsAgency && !pr.IsAuction() {
		if b, err := p.market.Bids().Mine(ctx, actor, id); err == nil {
			nv.MyBid = b
			// The stored bid fills a fresh form; a refused one shows what the
			// agency typed, even an empty price, beside its error.
			if len(form.Errors) == 0 && b.Status == market.BidSubmitted {
				nv.BidForm.Price, nv.BidForm.Proposal = b.Price.String(), b.Proposal
			}
		}
	}
	nv.Docs = p.noticeDocs(c, actor, pr, nv.MyBid, nv.Open)
	if nv.IsOwner && pr.Status != market.ProjectBidding && pr.Status != market.ProjectDraft {
		// bids open to the owner only after close (the domain enforces it too)
		if bl, err := p.market.Bids().List(ctx, actor, id, domain.Page{Page: 1, PerPage: 100}); err == nil {
			nv.Bids = bl.Items
		}
	}
	nv.Questions = p.questionsPanel(c, actor, pr, now, nv.Open)
	nv.BidDocs = p.noticeBidDocs(ctx, actor, id, nv.MyBid, nv.Bids)
	if nv.Life = p.lifecyclePanel(ctx, actor, pr, nv.Bids, nv.MyBid, act, now); nv.Life != nil {
		nv.Life.Done = status == http.StatusOK && c.QueryParam("done") != ""
	}
	v := p.newPage(c, "projects", "nav.announcements")
	if nv.Result != nil || pr.Status != market.ProjectBidding {
		v.Nav = "results"
	}
	v.Title = v.TM(nv.Genre, "Title", pr.Title)
	v.Body = nv
	return p.render(c, status, "notice", v)
}

// pageOf20 reads ?page= with UI.md's 20 rows a page unless ?per_page= says otherwise.
func pageOf20(c echo.Context) (domain.Page, error) {
	pg, err := api.PageParams(c)
	if pg.PerPage == 0 {
		pg.PerPage = 20
	}
	return pg, err
}

func listPager(c echo.Context, total, page, perPage int) pager {
	return newPager(c, total, domain.Page{Page: page, PerPage: perPage})
}

// projectRows feeds the shared project table partial.
type projectRows struct {
	Page     *page
	Projects []*market.Project
	Now      time.Time
}
