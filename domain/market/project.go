package market

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// What a project declares about how it is bought: who pays, and how the
// agency is chosen. The selection and low-price rules read them, so they
// live with those rules.

// Funding sources: an enterprise pays itself; a department pays from its budget.
const (
	FundingSelf   = "self"
	FundingBudget = "budget"
)

// Selection methods (SPEC §3).
const (
	MethodDirect         = "direct"
	MethodLowestPrice    = "lowest_price"
	MethodComposite      = "composite"
	MethodRandomDraw     = "random_draw"
	MethodReverseAuction = "reverse_auction"
)

// DefaultMinBids is the minimum number of valid bids when the owner sets none.
const DefaultMinBids = 3

// OCIDPrefix is the Open Contracting identifier prefix of this platform.
const OCIDPrefix = "ocds-zjcs01-"

// Avoid names an agency the owner asks to stand aside (回避), with a public
// reason from the fixed set (ReasonCode, see avoid.go) and its text.
type Avoid struct {
	AgencyID   int64  `json:"agency_id"`
	AgencyName string `json:"agency_name,omitempty"`
	ReasonCode string `json:"reason_code"`
	Reason     string `json:"reason"`
}

// AuctionSummary is the public state of a live reverse auction.
type AuctionSummary struct {
	BestPrice  *kernel.Money `json:"best_price"`
	Bids       int           `json:"bids"`
	Extensions int           `json:"extensions"`
}

// Project is a service need posted by an enterprise or a department.
// Before bidding closes it carries nothing about sealed bids: no price,
// no count (the auction summary exists for reverse auctions only, whose
// price is public by design).
type Project struct {
	ID              int64         `json:"id"`
	OCID            string        `json:"ocid"`
	OwnerID         int64         `json:"owner_id"`
	OwnerName       string        `json:"owner_name"`
	OwnerRole       string        `json:"owner_role"`
	Title           string        `json:"title"`
	Description     string        `json:"description"`
	ItemCode        string        `json:"item_code"`
	ItemName        string        `json:"item_name"`
	Region          string        `json:"region"`
	Funding         string        `json:"funding"`
	BudgetCode      string        `json:"budget_code"`
	CeilingPrice    *kernel.Money `json:"ceiling_price"`
	Method          string        `json:"method"`
	BiddingClosesAt time.Time     `json:"bidding_closes_at"`
	// InvestmentProjectCode is the 投资项目代码 the purchase serves, "" for none.
	InvestmentProjectCode string `json:"investment_project_code"`
	// Contact is the purchaser's published contact for questions, nil
	// when the owner publishes none.
	Contact         *ProjectContact `json:"contact"`
	ClosesAt        time.Time       `json:"closes_at"`
	ServiceDays     int             `json:"service_days"`
	MinBids         int             `json:"min_bids"`
	Weights         *Weights        `json:"weights"`
	MinStep         *kernel.Money   `json:"min_step"`
	Avoid           []Avoid         `json:"avoid"`
	Status          string          `json:"status"`
	CancelReason    string          `json:"cancel_reason,omitempty"`
	PreviousRoundID *int64          `json:"previous_round_id"`
	PublishedAt     *time.Time      `json:"published_at"`
	ClosedAt        *time.Time      `json:"closed_at"`
	CreatedAt       time.Time       `json:"created_at"`
	Result          json.RawMessage `json:"result"`
	Auction         *AuctionSummary `json:"auction,omitempty"`

	// Extensions and BestPrice are the auction state as stored; they reach
	// JSON only through Auction (reverse auctions).
	Extensions  int           `json:"-"`
	BestPrice   *kernel.Money `json:"-"`
	AuctionBids int           `json:"-"`
}

// ProjectNumberPrefix starts every readable project number (项目编号).
const ProjectNumberPrefix = "ZJCS"

// Number is the readable 项目编号 of the notice: the prefix, the year of
// publication (of creation for a draft) in platform time and the id on six
// digits, ZJCS-2026-000123. The ocid stays in open data, where machines
// read it.
func (p *Project) Number() string {
	at := p.CreatedAt
	if p.PublishedAt != nil {
		at = *p.PublishedAt
	}
	return fmt.Sprintf("%s-%d-%06d", ProjectNumberPrefix, at.In(calendar.Beijing).Year(), p.ID)
}

// NormalizeInvestmentCode trims an investment project code (投资项目代码);
// the platform prints it in ASCII. Its shape and the rule on who must give
// one need the catalogue and the clock (domain.ValidateInvestmentCode).
func NormalizeInvestmentCode(code string) string { return strings.TrimSpace(code) }

// OCIDFor returns the Open Contracting identifier of project id.
func OCIDFor(id int64) string { return OCIDPrefix + strconv.FormatInt(id, 10) }

// IsAuction reports whether the project is a live reverse auction.
func (p *Project) IsAuction() bool { return p.Method == MethodReverseAuction }

// ProjectInput is what an owner submits to create a draft.
type ProjectInput struct {
	Title           string        `json:"title"`
	Description     string        `json:"description"`
	ItemCode        string        `json:"item_code"`
	Region          string        `json:"region"`
	Funding         string        `json:"funding"`
	BudgetCode      string        `json:"budget_code"`
	CeilingPrice    *kernel.Money `json:"ceiling_price"`
	Method          string        `json:"method"`
	BiddingClosesAt time.Time     `json:"bidding_closes_at"`
	ServiceDays     int           `json:"service_days"`
	MinBids         *int          `json:"min_bids"`
	Weights         *Weights      `json:"weights"`
	MinStep         *kernel.Money `json:"min_step"`
	Avoid           []Avoid       `json:"avoid"`
	// InvestmentProjectCode: see Project; checked by domain.ValidateInvestmentCode.
	InvestmentProjectCode string `json:"investment_project_code"`
	// Contact: see Project; an empty contact publishes none.
	Contact *ProjectContact `json:"contact"`
}

// CanOwnProjects reports whether accounts of role may post projects.
func CanOwnProjects(role string) bool {
	return role == kernel.RoleEnterprise || role == kernel.RoleDepartment
}

// NewProject checks in against the rules that need no clock and returns a
// draft owned by owner. Rules that need the catalogue (retained item, time
// limit) and the clock (bidding window) are checked by the create and
// publish use cases (domain/project_service.go).
func NewProject(owner kernel.Actor, in ProjectInput) (*Project, error) {
	p := &Project{
		OwnerID: owner.ID, OwnerName: owner.Name, OwnerRole: owner.Role,
		Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description),
		ItemCode: strings.TrimSpace(in.ItemCode), Region: strings.TrimSpace(in.Region),
		Funding: in.Funding, BudgetCode: strings.TrimSpace(in.BudgetCode), CeilingPrice: in.CeilingPrice,
		Method: in.Method, BiddingClosesAt: in.BiddingClosesAt.UTC().Truncate(time.Microsecond),
		ServiceDays: in.ServiceDays, Weights: in.Weights, MinStep: in.MinStep, Status: ProjectDraft,
		InvestmentProjectCode: NormalizeInvestmentCode(in.InvestmentProjectCode),
		Contact:               normalizeContact(in.Contact),
	}
	p.ClosesAt = p.BiddingClosesAt
	if p.Funding == "" {
		p.Funding = FundingSelf
		if owner.Role == kernel.RoleDepartment {
			p.Funding = FundingBudget
		}
	}
	p.MinBids = DefaultMinBids
	if p.Method == MethodDirect {
		// the enterprise picks one agency, which must accept: one is enough
		p.MinBids = 1
	}
	if in.MinBids != nil {
		p.MinBids = *in.MinBids
	}
	avoid, err := normalizeAvoid(in.Avoid)
	if err != nil {
		return nil, err
	}
	p.Avoid = avoid
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

// Validate checks the project's own fields: who may fund and select how,
// the ceiling, minimum step, weights, minimum bids and the restriction
// phrases. It needs neither the clock nor the catalogue.
func (p *Project) Validate() error {
	if !CanOwnProjects(p.OwnerRole) {
		return kernel.ErrForbidden
	}
	if n := utf8.RuneCountInString(p.Title); n < MinProjectTitleRunes || n > MaxProjectTitleRunes {
		return kernel.FieldError("title", "title_length", "The title must be %d to %d characters.", MinProjectTitleRunes, MaxProjectTitleRunes)
	}
	if utf8.RuneCountInString(p.Description) > MaxProjectDescription {
		return kernel.FieldError("description", "description_length", "The description must be at most %d characters.", MaxProjectDescription)
	}
	if utf8.RuneCountInString(p.Region) > MaxProjectRegionRunes {
		return kernel.FieldError("region", "region_length", "The region must be at most %d characters.", MaxProjectRegionRunes)
	}
	if p.ItemCode == "" {
		return kernel.FieldError("item_code", "item_required", "The service item (item_code) is required.")
	}
	switch p.Method {
	case MethodDirect, MethodLowestPrice, MethodComposite, MethodRandomDraw, MethodReverseAuction:
	default:
		return kernel.FieldError("method", "method_unknown", "method must be one of direct, lowest_price, composite, random_draw, reverse_auction.")
	}
	if err := p.validateFunding(); err != nil {
		return err
	}
	if p.ServiceDays < 1 {
		return kernel.FieldError("service_days", "service_days_range", "service_days must be at least 1.")
	}
	if err := p.validateContact(); err != nil {
		return err
	}
	if err := p.validatePrices(); err != nil {
		return err
	}
	if err := p.validateWeights(); err != nil {
		return err
	}
	if err := p.validateMinBids(); err != nil {
		return err
	}
	if p.BiddingClosesAt.IsZero() {
		return kernel.FieldError("bidding_closes_at", "closes_at_required", "bidding_closes_at (RFC 3339) is required.")
	}
	if err := kernel.CheckDateRange("bidding_closes_at", p.BiddingClosesAt); err != nil {
		return err
	}
	if err := CheckRestrictions("title", p.Title); err != nil {
		return err
	}
	return CheckRestrictions("description", p.Description)
}

// validateFunding applies the seed's rule: departments pay from their budget
// through competition; only an enterprise may select directly.
func (p *Project) validateFunding() error {
	switch {
	case p.Funding != FundingSelf && p.Funding != FundingBudget:
		return kernel.FieldError("funding", "funding_unknown", "funding must be \"self\" or \"budget\".")
	case p.OwnerRole == kernel.RoleEnterprise && p.Funding != FundingSelf:
		return kernel.FieldError("funding", "funding_enterprise_self", "An enterprise's project is funded by the enterprise itself (funding \"self\").")
	case p.OwnerRole == kernel.RoleDepartment && p.Funding != FundingBudget:
		return kernel.FieldError("funding", "funding_department_budget", "A department's project is paid from its budget (funding \"budget\"), never by the applicant.")
	case p.Funding == FundingBudget && p.Method == MethodDirect:
		return kernel.FieldError("method", "direct_not_allowed", "A department-funded project must use a competitive method; direct selection is for enterprises only.")
	case p.Funding == FundingBudget && p.BudgetCode == "":
		return kernel.FieldError("budget_code", "budget_code_required", "A department-funded project must name its budget line (预算项目编码).")
	case p.Funding == FundingBudget && utf8.RuneCountInString(p.BudgetCode) > MaxBudgetCodeRunes:
		return kernel.FieldError("budget_code", "budget_code_length", "The budget code must be at most %d characters.", MaxBudgetCodeRunes)
	case p.Funding == FundingSelf && p.BudgetCode != "":
		return kernel.FieldError("budget_code", "budget_code_not_allowed", "Only department-funded projects carry a budget code.")
	}
	return nil
}

// validatePrices checks the ceiling and the auction's minimum step
// (0.5%–3% of the ceiling, computed in integer fen).
func (p *Project) validatePrices() error {
	if p.CeilingPrice != nil && (*p.CeilingPrice <= 0 || *p.CeilingPrice > kernel.MaxMoney) {
		return kernel.FieldError("ceiling_price", "ceiling_range", "The ceiling price must be above zero.")
	}
	if p.CeilingPrice == nil && p.Funding == FundingBudget {
		return kernel.FieldError("ceiling_price", "ceiling_required", "A department-funded project must publish its ceiling price.")
	}
	if p.CeilingPrice == nil && p.Method == MethodReverseAuction {
		return kernel.FieldError("ceiling_price", "ceiling_required", "A reverse auction starts from a published ceiling price.")
	}
	if p.Method != MethodReverseAuction {
		if p.MinStep != nil {
			return kernel.FieldError("min_step", "min_step_not_allowed", "min_step applies to reverse auctions only.")
		}
		return nil
	}
	if p.MinStep == nil {
		return kernel.FieldError("min_step", "min_step_required", "A reverse auction needs a minimum step (0.5%%–3%% of the ceiling price).")
	}
	c, s := int64(*p.CeilingPrice), int64(*p.MinStep)
	if s*200 < c || s*100 > c*3 {
		return kernel.FieldError("min_step", "min_step_range", "The minimum step must be between 0.5%% and 3%% of the ceiling price (%s to %s).",
			kernel.Money((c+199)/200), kernel.Money(c*3/100))
	}
	return nil
}

func (p *Project) validateWeights() error {
	if p.Method != MethodComposite {
		if p.Weights != nil {
			return kernel.FieldError("weights", "weights_not_allowed", "Weights apply to the composite method only.")
		}
		return nil
	}
	w := p.Weights
	if w == nil {
		return kernel.FieldError("weights", "weights_required", "A composite-score project publishes its weights {price, credit, technical}.")
	}
	return w.ValidateFor(p.Funding)
}

func (p *Project) validateMinBids() error {
	lowest := 1
	if p.OwnerRole == kernel.RoleDepartment {
		lowest = 2
	}
	if p.Method == MethodDirect {
		// direct selection picks one eligible agency that accepts
		lowest = 1
	}
	if p.MinBids < lowest || p.MinBids > 100 {
		return kernel.FieldError("min_bids", "min_bids_range", "min_bids must be between %d and 100 for this project.", lowest)
	}
	return nil
}

// CheckWindow checks that bidding stays open for the whole window, i.e.
// closes no earlier than earliestClose (the window's end from now).
func (p *Project) CheckWindow(window Period, earliestClose time.Time) error {
	if p.BiddingClosesAt.Before(earliestClose) {
		return kernel.FieldError("bidding_closes_at", "bidding_window_too_short", "Bidding must stay open at least %s from publication, until %s; bidding_closes_at is %s.",
			window, earliestClose.Format(time.RFC3339), p.BiddingClosesAt.Format(time.RFC3339))
	}
	return nil
}

// CanSee reports whether actor may see the project: drafts are the owner's alone.
func (p *Project) CanSee(actor kernel.Actor) bool {
	return p.Status != ProjectDraft || actor.ID == p.OwnerID
}

// IsOwner reports whether actor owns the project.
func (p *Project) IsOwner(actor kernel.Actor) bool { return actor.ID != 0 && actor.ID == p.OwnerID }

// PublicView fills the derived public fields before the project leaves the domain.
func (p *Project) PublicView() *Project {
	p.OCID = OCIDFor(p.ID)
	p.Auction = nil
	if p.IsAuction() && p.Status != ProjectDraft {
		p.Auction = &AuctionSummary{BestPrice: p.BestPrice, Bids: p.AuctionBids, Extensions: p.Extensions}
	}
	if p.Avoid == nil {
		p.Avoid = []Avoid{}
	}
	return p
}

// ProjectFilter selects projects for the public listing.
type ProjectFilter struct {
	Status   string
	ItemCode string
	Region   string
	Funding  string
	OwnerID  int64
	Method   string
	// Query matches the title, description or service item name (search box).
	Query string
	// Statuses, when set, keeps projects in any of these states (the
	// results page lists publicity and later).
	Statuses []string
	// ItemCodes, when set, keeps projects of any of these items (an
	// agency's matching projects).
	ItemCodes []string
	// IDs, when set, keeps these projects only (a page of search hits,
	// loaded with the columns of a list).
	IDs []int64
	// ViewerID sees its own drafts besides every published project.
	ViewerID int64
	// Sort is "deadline" (closing soonest first) or "date" (newest first).
	Sort string
	// CeilingMin and CeilingMax, when set, keep projects whose ceiling
	// price lies in [min, max] (the ceiling-range facet).
	CeilingMin, CeilingMax *kernel.Money
	Page                   kernel.Page
}

// CheckCeilingRange refuses a ceiling range whose bounds are crossed:
// it would list nothing, and the user should learn why.
func (f *ProjectFilter) CheckCeilingRange() error {
	if f.CeilingMin != nil && f.CeilingMax != nil && *f.CeilingMin > *f.CeilingMax {
		return kernel.FieldError("ceiling_max", "ceiling_range", "The ceiling range's maximum is below its minimum.")
	}
	return nil
}
