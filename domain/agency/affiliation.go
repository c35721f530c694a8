package agency

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Affiliation relations (脱钩: the links the seed orders cut, declared so the
// conflict-of-interest rule can act on them).
const (
	RelationSubordinate  = "subordinate"  // a unit under the department
	RelationFormerStaff  = "former_staff" // former department staff in management
	RelationShareholding = "shareholding" // the department or its staff hold shares
	RelationOther        = "other"
)

// Affiliation is an agency's declared relationship with a department.
type Affiliation struct {
	ID             int64     `json:"id"`
	AgencyID       int64     `json:"agency_id"`
	DepartmentID   int64     `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	Relation       string    `json:"relation"`
	Note           string    `json:"note"`
	CreatedAt      time.Time `json:"created_at"`
}

// AffiliationInput is one declaration.
type AffiliationInput struct {
	DepartmentID int64  `json:"department_id"`
	Relation     string `json:"relation"`
	Note         string `json:"note"`
}

// Validate checks the declaration's fields.
func (in *AffiliationInput) Validate() error {
	switch in.Relation {
	case RelationSubordinate, RelationFormerStaff, RelationShareholding, RelationOther:
	default:
		return kernel.FieldError("relation", "relation_value", "relation must be subordinate, former_staff, shareholding or other.")
	}
	in.Note = strings.TrimSpace(in.Note)
	if utf8.RuneCountInString(in.Note) > MaxAffiliationNoteRunes {
		return kernel.FieldError("note", "note_length", "The note must be at most %d characters.", MaxAffiliationNoteRunes)
	}
	if in.Relation == RelationOther && in.Note == "" {
		return kernel.FieldError("note", "note_required", "Describe the relationship in \"note\" when relation is \"other\".")
	}
	return nil
}

// Errors of the affiliation rules.
var (
	ErrAffiliationNotFound  = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "affiliation_not_found", Message: "Affiliation not found."}
	ErrDuplicateAffiliation = &kernel.Error{Code: kernel.ECONFLICT, Reason: "affiliation_duplicate", Message: "This relationship with this department is already declared."}
	ErrNotADepartment       = &kernel.Error{Code: kernel.EINVALID, Reason: "not_a_department", Field: "department_id", Message: "department_id must name a department account (see GET /api/v1/departments)."}
)

// DeclareAffiliation records an agency's relationship with a department.
func (r *Registry) DeclareAffiliation(ctx context.Context, actor kernel.Actor, in AffiliationInput) (*Affiliation, error) {
	if err := kernel.Authorize(actor, kernel.ActAffiliate); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	af := &Affiliation{AgencyID: actor.ID, DepartmentID: in.DepartmentID, Relation: in.Relation, Note: in.Note}
	err := r.InTx(ctx, func(s Tx) error {
		if _, err := lockActive(ctx, s, actor.ID); err != nil {
			return err
		}
		dep, err := s.LookupAccount(ctx, in.DepartmentID)
		if kernel.ErrorCode(err) == kernel.ENOTFOUND || (err == nil && dep.Role != kernel.RoleDepartment) {
			return ErrNotADepartment
		} else if err != nil {
			return err
		}
		af.DepartmentName = dep.Name
		if err := s.CreateAffiliation(ctx, af); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.affiliation_declared", "agency", strconv.FormatInt(actor.ID, 10),
			map[string]any{"affiliation_id": af.ID, "department_id": af.DepartmentID, "relation": af.Relation, "note": af.Note}))
	})
	if err != nil {
		return nil, err
	}
	return af, nil
}

// RemoveAffiliation withdraws a declaration (the link was cut). The audit
// log keeps what was declared and when it was withdrawn.
func (r *Registry) RemoveAffiliation(ctx context.Context, actor kernel.Actor, id int64) error {
	if err := kernel.Authorize(actor, kernel.ActAffiliate); err != nil {
		return err
	}
	return r.InTx(ctx, func(s Tx) error {
		if _, err := lockActive(ctx, s, actor.ID); err != nil {
			return err
		}
		af, err := s.FindAffiliation(ctx, id, true)
		if err != nil {
			return err
		}
		if af.AgencyID != actor.ID {
			return ErrAffiliationNotFound // another agency's: do not reveal it exists
		}
		if err := s.DeleteAffiliation(ctx, id); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.affiliation_removed", "agency", strconv.FormatInt(actor.ID, 10),
			map[string]any{"affiliation_id": af.ID, "department_id": af.DepartmentID, "relation": af.Relation, "note": af.Note}))
	})
}

// ListDepartments is the public list of department accounts, so that
// owners and agencies can refer to them.
func (r *Registry) ListDepartments(ctx context.Context, p kernel.Page) (kernel.List[*Department], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*Department]{}, err
	}
	deps, total, err := r.Store.FindDepartments(ctx, p)
	if err != nil {
		return kernel.List[*Department]{}, err
	}
	return kernel.NewList(deps, total, p), nil
}
