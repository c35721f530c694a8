package catalogue

import (
	"strings"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Catalogue item statuses and fee types.
const (
	Retained  = "retained"
	Abolished = "abolished"

	FeeGovernmentGuided = "government_guided"
	FeeMarket           = "market"
	// FeeNotCharged: the applicant pays nothing (the item was abolished,
	// or the department commissions and pays for it).
	FeeNotCharged = "not_charged"
)

// The limits of an item's text fields (characters) and workflow (steps);
// domain/limits.go names them too, for the OpenAPI document.
const (
	MinNameRunes     = 2
	MaxNameRunes     = 200
	MaxDepartment    = 200
	MaxLegalBasis    = 2000
	MaxQualification = 200
	MaxWorkflowSteps = 30
	MaxWorkflowStep  = 200
	MaxConditions    = 4000
	MaxFeeStandard   = 2000
)

// Item is one entry of the public 中介服务事项清单 (SPEC §1): the seed requires
// the time limit, workflow, application conditions and fee standard of every
// retained item to be published.
type Item struct {
	Code          string   `json:"code"`
	Name          string   `json:"name"`
	Department    string   `json:"department"`
	LegalBasis    string   `json:"legal_basis"`
	Qualification *string  `json:"qualification"`
	TimeLimitDays int      `json:"time_limit_days"`
	Workflow      []string `json:"workflow"`
	Conditions    string   `json:"conditions"`
	FeeStandard   string   `json:"fee_standard"`
	FeeType       string   `json:"fee_type"`
	Status        string   `json:"status"`
	Source        string   `json:"source,omitempty"`
	// ApprovalRelated: the item serves the approval of an investment
	// project, so a department's purchase of it names the investment
	// project code (investment_code.go).
	ApprovalRelated bool `json:"approval_related"`
}

// HasQualification reports whether bidding for the item needs a statutory qualification.
func (it *Item) HasQualification() bool { return it.Qualification != nil && *it.Qualification != "" }

// Validate checks an item's fields.
func (it *Item) Validate() error {
	it.Code = strings.TrimSpace(it.Code)
	it.Name = strings.TrimSpace(it.Name)
	if !kernel.ItemCodePattern.MatchString(it.Code) {
		return kernel.FieldError("code", "item_code_format", "The item code must be 1 to 32 letters, digits, '-', '_' or '.'.")
	}
	if n := utf8.RuneCountInString(it.Name); n < MinNameRunes || n > MaxNameRunes {
		return kernel.FieldError("name", "item_name_length", "The item name must be %d to %d characters.", MinNameRunes, MaxNameRunes)
	}
	if strings.TrimSpace(it.Department) == "" {
		return kernel.FieldError("department", "item_department_required", "The competent department is required.")
	}
	if strings.TrimSpace(it.LegalBasis) == "" {
		return kernel.FieldError("legal_basis", "item_legal_basis_required", "The legal basis (设定依据) is required: items without one are abolished, not listed.")
	}
	if it.TimeLimitDays < 1 || it.TimeLimitDays > 3650 {
		return kernel.FieldError("time_limit_days", "item_time_limit", "The time limit must be 1 to 3650 days.")
	}
	if it.FeeType != FeeGovernmentGuided && it.FeeType != FeeMarket && it.FeeType != FeeNotCharged {
		return kernel.FieldError("fee_type", "item_fee_type", "fee_type must be \"government_guided\", \"market\" or \"not_charged\".")
	}
	if it.Status == "" {
		it.Status = Retained
	}
	if it.Status != Retained && it.Status != Abolished {
		return kernel.FieldError("status", "item_status", "status must be \"retained\" or \"abolished\".")
	}
	if it.Workflow == nil {
		it.Workflow = []string{}
	}
	if len(it.Workflow) > MaxWorkflowSteps {
		return kernel.FieldError("workflow", "workflow_too_long", "The workflow has at most %d steps.", MaxWorkflowSteps)
	}
	for _, step := range it.Workflow {
		if err := kernel.CheckMaxRunes("workflow", step, MaxWorkflowStep); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		field, value string
		max          int
	}{
		{"department", it.Department, MaxDepartment},
		{"legal_basis", it.LegalBasis, MaxLegalBasis},
		{"conditions", it.Conditions, MaxConditions},
		{"fee_standard", it.FeeStandard, MaxFeeStandard},
	} {
		if err := kernel.CheckMaxRunes(f.field, f.value, f.max); err != nil {
			return err
		}
	}
	if it.Qualification != nil {
		if err := kernel.CheckMaxRunes("qualification", *it.Qualification, MaxQualification); err != nil {
			return err
		}
	}
	if it.Qualification != nil && strings.TrimSpace(*it.Qualification) == "" {
		it.Qualification = nil
	}
	return nil
}

// Patch is a partial update of an item; nil fields are left alone.
type Patch struct {
	Name          *string   `json:"name"`
	Department    *string   `json:"department"`
	LegalBasis    *string   `json:"legal_basis"`
	Qualification *string   `json:"qualification"`
	TimeLimitDays *int      `json:"time_limit_days"`
	Workflow      *[]string `json:"workflow"`
	Conditions    *string   `json:"conditions"`
	FeeStandard   *string   `json:"fee_standard"`
	FeeType       *string   `json:"fee_type"`
	Status        *string   `json:"status"`
}

// Apply copies the set fields of p onto it.
func (p Patch) Apply(it *Item) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&it.Name, p.Name)
	set(&it.Department, p.Department)
	set(&it.LegalBasis, p.LegalBasis)
	set(&it.Conditions, p.Conditions)
	set(&it.FeeStandard, p.FeeStandard)
	set(&it.FeeType, p.FeeType)
	set(&it.Status, p.Status)
	if p.Qualification != nil {
		q := *p.Qualification
		it.Qualification = &q
	}
	if p.TimeLimitDays != nil {
		it.TimeLimitDays = *p.TimeLimitDays
	}
	if p.Workflow != nil {
		it.Workflow = *p.Workflow
	}
}

// Filter selects catalogue items.
type Filter struct {
	Status     string
	Department string
	Query      string
	// Alternatives are Query's synonym expansions (Service.List fills them),
	// each a list of runs that must all occur in the name.
	Alternatives [][]string
	Page         kernel.Page
}
