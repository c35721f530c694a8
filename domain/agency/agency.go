// Package agency is the agency context: an intermediary service agency's
// profile as the directory shows it (网上展示), its statutory
// qualifications and their flags as false, its declared affiliations with
// departments (脱钩), its exit and rejoin, the public directory and the
// picker that turns a typed name or USCC into an agency. Its use cases are
// the methods of Registry; domain.Marketplace forwards to them.
package agency

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// The limits of an agency's profile and declarations (in characters).
const (
	MaxDescriptionRunes         = 4000
	MaxAddressRunes             = 200
	MaxRegionRunes              = 100
	MaxContactNameRunes         = 50
	MaxWebsiteRunes             = 200
	MaxServiceItems             = 500
	MaxAffiliationNoteRunes     = 1000
	MaxCertificateNumberRunes   = 100
	MaxCertificateIssuerRunes   = 200
	MaxCertificateFileNameRunes = 200
	MinFlagEvidenceRunes        = 5
	MaxFlagEvidenceRunes        = 4000
)

// Agency is an intermediary service agency's profile as the directory shows
// it (网上展示). Which fields are filled depends on who asks: see
// Agency.redactFor. Nothing here is an eligibility criterion except a valid
// statutory qualification for items whose catalogue entry names one.
type Agency struct {
	ID                  int64      `json:"id"`
	Name                string     `json:"name"`
	USCC                string     `json:"uscc"`
	LegalRepresentative string     `json:"legal_representative"`
	Status              string     `json:"status"`
	ExitedAt            *time.Time `json:"exited_at"`
	Description         string     `json:"description"`
	OfficeAddress       string     `json:"office_address"`
	Region              string     `json:"region"`
	Website             string     `json:"website"`
	// StaffCount is for display only; no rule ever reads it.
	StaffCount    *int `json:"staff_count"`
	ContactPublic bool `json:"contact_public"`
	// Contact details: empty for the public unless ContactPublic.
	ContactName  string `json:"contact_name,omitempty"`
	ContactPhone string `json:"contact_phone,omitempty"`
	Email        string `json:"email,omitempty"`

	ServiceItems   []string         `json:"service_items"`
	Qualifications []*Qualification `json:"qualifications"`
	// ItemNames names the service items (code → name), read with them, so
	// that pages write 名称（代码）, never a bare code.
	ItemNames map[string]string `json:"-"`
	CreditSummary
	CompletedProjects int      `json:"completed_projects"`
	EvaluationCount   int      `json:"evaluation_count"`
	AverageEvaluation *float64 `json:"average_evaluation"`
	HasAffiliations   bool     `json:"has_affiliations"`
	// Affiliations are shown to departments, admins and the agency itself;
	// nil (omitted) for everyone else.
	Affiliations []*Affiliation `json:"affiliations,omitempty"`
	CreatedAt    time.Time      `json:"created_at"`
}

// CreditSummary is an agency's current credit score and grade. The credit
// rules keep it current; everything else reads it through
// ProfileStore.FindAgencyCredit or the directory queries, never computes it.
type CreditSummary struct {
	CreditScore int    `json:"credit_score"`
	CreditGrade string `json:"credit_grade"`
}

// Summary is one row of the public directory.
type Summary struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	USCC         string     `json:"uscc"`
	Status       string     `json:"status"`
	ExitedAt     *time.Time `json:"exited_at"`
	Region       string     `json:"region"`
	ServiceItems []string   `json:"service_items"`
	CreditSummary
	CompletedProjects int      `json:"completed_projects"`
	AverageEvaluation *float64 `json:"average_evaluation"`
}

// Directory sort orders.
const (
	SortCredit    = "credit"
	SortCompleted = "completed"
	SortName      = "name"
)

// Filter selects agencies for the directory. Empty fields do not filter.
type Filter struct {
	Item   string
	Region string // prefix of the office region: 湖北省 matches 湖北省武汉市
	Grade  string
	Status string
	Sort   string
	Page   kernel.Page
	// Qualified keeps agencies holding a certificate for this item code
	// that counts on QualifiedOn (a CST date, filled by ListAgencies from
	// the platform clock).
	Qualified   string
	QualifiedOn string
	// IDs, when set, keeps these agencies only (a page of search hits).
	IDs []int64
}

// Validate checks the filter values and fills the default sort.
func (f *Filter) Validate() error {
	if err := f.Page.Normalize(); err != nil {
		return err
	}
	switch f.Grade {
	case "", "A", "B", "C", "D":
	default:
		return kernel.FieldError("grade", "grade_value", "grade must be A, B, C or D.")
	}
	switch f.Status {
	case "", kernel.StatusActive, kernel.StatusSuspended, kernel.StatusBlacklisted, kernel.StatusExited:
	default:
		return kernel.FieldError("status", "agency_status_value", "status must be active, suspended, blacklisted or exited.")
	}
	switch f.Sort {
	case "":
		f.Sort = SortCredit
	case SortCredit, SortCompleted, SortName:
	default:
		return kernel.FieldError("sort", "sort_value", "sort must be credit, completed or name.")
	}
	return nil
}

// Patch is an agency's edit of its own profile; nil fields are left
// alone. ServiceItems, when present, replaces the whole list.
type Patch struct {
	Description   *string   `json:"description"`
	OfficeAddress *string   `json:"office_address"`
	Region        *string   `json:"region"`
	Website       *string   `json:"website"`
	StaffCount    *int      `json:"staff_count"`
	ContactName   *string   `json:"contact_name"`
	ContactPhone  *string   `json:"contact_phone"`
	ContactPublic *bool     `json:"contact_public"`
	ServiceItems  *[]string `json:"service_items"`
}

// Apply validates the patch and writes it onto a. Item codes are only
// normalised here (trimmed, de-duplicated, sorted); whether they exist and
// are retained is checked against the catalogue by the use case.
func (p *Patch) Apply(a *Agency) error {
	text := func(dst *string, src *string, field string, max int) error {
		if src == nil {
			return nil
		}
		v := strings.TrimSpace(*src)
		if utf8.RuneCountInString(v) > max {
			return kernel.FieldError(field, field+"_length", "%s must be at most %d characters.", field, max)
		}
		*dst = v
		return nil
	}
	if err := text(&a.Description, p.Description, "description", MaxDescriptionRunes); err != nil {
		return err
	}
	if err := text(&a.OfficeAddress, p.OfficeAddress, "office_address", MaxAddressRunes); err != nil {
		return err
	}
	if err := text(&a.Region, p.Region, "region", MaxRegionRunes); err != nil {
		return err
	}
	if err := text(&a.ContactName, p.ContactName, "contact_name", MaxContactNameRunes); err != nil {
		return err
	}
	if err := text(&a.Website, p.Website, "website", MaxWebsiteRunes); err != nil {
		return err
	}
	if p.Website != nil && a.Website != "" {
		u, err := url.Parse(a.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return kernel.FieldError("website", "website_format", "The website must be an http:// or https:// address.")
		}
	}
	if p.StaffCount != nil {
		if *p.StaffCount < 0 || *p.StaffCount > 1_000_000 {
			return kernel.FieldError("staff_count", "staff_count_range", "staff_count must be between 0 and 1000000.")
		}
		n := *p.StaffCount
		a.StaffCount = &n
	}
	if p.ContactPhone != nil {
		v := strings.TrimSpace(*p.ContactPhone)
		if !kernel.PhonePattern.MatchString(v) {
			return kernel.FieldError("contact_phone", "phone_format", "The contact phone must be a mainland mobile number (11 digits) or a landline with area code, such as 027-87654321.")
		}
		a.ContactPhone = v
	}
	if p.ContactPublic != nil {
		a.ContactPublic = *p.ContactPublic
	}
	if p.ServiceItems != nil {
		if len(*p.ServiceItems) > MaxServiceItems {
			return kernel.FieldError("service_items", "service_items_too_many", "At most %d service items.", MaxServiceItems)
		}
		seen := map[string]bool{}
		codes := []string{}
		for _, c := range *p.ServiceItems {
			c = strings.TrimSpace(c)
			if !kernel.ItemCodePattern.MatchString(c) {
				return kernel.FieldError("service_items", "unknown_item", "%q is not a service item code of the catalogue.", c)
			}
			if !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
		slices.Sort(codes)
		a.ServiceItems = codes
	}
	return nil
}

// CanSeePrivate reports whether actor sees an agency's affiliation
// details, all its qualifications and its contact details whatever its
// opt-in: the agency itself, departments and admins (SPEC §1 脱钩).
func CanSeePrivate(actor kernel.Actor, agencyID int64) bool {
	return actor.Role == kernel.RoleDepartment || actor.Role == kernel.RoleAdmin || (actor.Role == kernel.RoleAgency && actor.ID == agencyID)
}

// redactFor removes what actor may not see. The public sees only valid
// qualifications, contact details only with the agency's opt-in, and only
// whether affiliations were declared.
func (a *Agency) redactFor(actor kernel.Actor) {
	a.HasAffiliations = len(a.Affiliations) > 0
	if a.Affiliations == nil {
		a.Affiliations = []*Affiliation{}
	}
	if CanSeePrivate(actor, a.ID) {
		return
	}
	a.Affiliations = nil
	if !a.ContactPublic {
		a.ContactName, a.ContactPhone, a.Email = "", "", ""
	}
	valid := []*Qualification{}
	for _, q := range a.Qualifications {
		if q.Valid {
			valid = append(valid, q)
		}
	}
	a.Qualifications = valid
}

// Department is a department account as the public sees it.
type Department struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Region string `json:"region"`
	Level  string `json:"level"`
}

// Ref is an agency as a picker offers it: a name to read, the USCC to tell
// namesakes apart, the id only for the link and the form value.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	USCC string `json:"uscc"`
}
