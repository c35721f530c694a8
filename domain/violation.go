package domain

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Violation statuses: a violation a department records against an agency on
// one of its own projects waits for a second department or an admin.
const (
	ViolationPending   = "pending"
	ViolationConfirmed = "confirmed"
)

// Violation is a department's finding against an agency, with evidence.
// Once confirmed it becomes a credit event.
type Violation struct {
	ID            int64      `json:"id"`
	AgencyID      int64      `json:"agency_id"`
	DepartmentID  int64      `json:"department_id"`
	Kind          string     `json:"kind"`
	Severity      int        `json:"severity"`
	Points        int        `json:"points"`
	Reason        string     `json:"reason"`
	Evidence      string     `json:"evidence"`
	ProjectID     *int64     `json:"project_id"`
	Status        string     `json:"status"`
	ConfirmedBy   *int64     `json:"confirmed_by"`
	ConfirmedAt   *time.Time `json:"confirmed_at"`
	CreditEventID *int64     `json:"credit_event_id"`
	CreatedAt     time.Time  `json:"created_at"`
}

// Severity is a violation severity, given as 1–3 or as a named level
// ("minor", "serious", "grave").
type Severity int

// UnmarshalJSON accepts a number or a level name.
func (v *Severity) UnmarshalJSON(b []byte) error {
	var name string
	if json.Unmarshal(b, &name) == nil {
		n, ok := SeverityNames[strings.ToLower(strings.TrimSpace(name))]
		if !ok {
			return FieldError("severity", "severity_range", "severity must be 1–3 or one of minor, serious, grave.")
		}
		*v = Severity(n)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return FieldError("severity", "severity_range", "severity must be 1–3 or one of minor, serious, grave.")
	}
	*v = Severity(n)
	return nil
}

// ViolationInput is POST /violations.
type ViolationInput struct {
	AgencyID  int64
	Kind      string
	Severity  Severity
	Evidence  string
	Reason    string
	ProjectID *int64
}

// Validate checks the input and returns the violation's points.
func (in *ViolationInput) Validate() (int, error) {
	in.Evidence, in.Reason = strings.TrimSpace(in.Evidence), strings.TrimSpace(in.Reason)
	k, ok := FindCreditKind(in.Kind)
	if !ok || !k.Violation {
		return 0, FieldError("kind", "violation_kind", "kind must be violation, false_materials or collusion.")
	}
	if in.AgencyID <= 0 {
		return 0, FieldError("agency_id", "agency_required", "agency_id is required.")
	}
	if in.Evidence == "" {
		return 0, FieldError("evidence", "evidence_required", "A violation needs its evidence (document reference and facts).")
	}
	if utf8.RuneCountInString(in.Evidence) > 10000 || utf8.RuneCountInString(in.Reason) > 500 {
		return 0, FieldError("evidence", "too_long", "evidence is at most 10000 characters and reason at most 500.")
	}
	if in.Severity == 0 && k.Kind != CreditViolation {
		in.Severity = ViolationSeverityGrave
	}
	if _, ok := ViolationPoints[int(in.Severity)]; !ok {
		return 0, FieldError("severity", "severity_range", "severity must be 1 (minor), 2 (serious) or 3 (grave).")
	}
	return CreditPoints(in.Kind, int(in.Severity))
}

// RecordViolation records a department's violation finding. On a project the
// department owns, or against an agency that bid on or was selected for one
// of the department's unfinished projects, it stays pending until a second
// department or an admin confirms it (no self-dealing); otherwise it scores
// at once.
func (m *Marketplace) RecordViolation(ctx context.Context, actor Actor, in ViolationInput) (*Violation, error) {
	if actor.Role != RoleDepartment {
		return nil, ErrForbidden
	}
	points, err := in.Validate()
	if err != nil {
		return nil, err
	}
	v := &Violation{AgencyID: in.AgencyID, DepartmentID: actor.ID, Kind: in.Kind, Severity: int(in.Severity), Points: points,
		Reason: in.Reason, Evidence: in.Evidence, ProjectID: in.ProjectID, Status: ViolationConfirmed}
	if v.Reason == "" {
		v.Reason = "Violation recorded by " + actor.Name + "."
	}
	err = m.Store.InTx(ctx, func(s Store) error {
		if _, err := s.FindCreditStanding(ctx, in.AgencyID, true); err != nil {
			return err
		}
		if in.ProjectID != nil {
			owner, err := s.CreditProjectOwner(ctx, *in.ProjectID)
			if err != nil {
				return err
			}
			if owner == actor.ID {
				v.Status = ViolationPending
			}
		}
		// Leaving project_id out does not dodge the rule: an agency dealing
		// with the department on an open project is the same conflict.
		if v.Status != ViolationPending {
			deals, err := s.CreditDepartmentDeals(ctx, actor.ID, in.AgencyID)
			if err != nil {
				return err
			}
			if deals {
				v.Status = ViolationPending
			}
		}
		if v.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.CreateViolation(ctx, v); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, NewAudit(actor, "violation.recorded", "violation", strconv.FormatInt(v.ID, 10),
			map[string]any{"agency_id": v.AgencyID, "kind": v.Kind, "severity": v.Severity, "project_id": v.ProjectID, "status": v.Status})); err != nil {
			return err
		}
		if v.Status == ViolationPending {
			return nil
		}
		return scoreViolation(ctx, s, actor, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ConfirmViolation confirms a pending violation (another department or an
// admin), which then scores.
func (m *Marketplace) ConfirmViolation(ctx context.Context, actor Actor, id int64) (*Violation, error) {
	if actor.Role != RoleDepartment && actor.Role != RoleAdmin {
		return nil, ErrForbidden
	}
	var v *Violation
	err := m.Store.InTx(ctx, func(s Store) error {
		var err error
		if v, err = s.FindViolation(ctx, id, true); err != nil {
			return err
		}
		if v.Status != ViolationPending {
			return Errorf(ECONFLICT, "violation_not_pending", "Violation %d is already confirmed.", id)
		}
		if v.DepartmentID == actor.ID {
			return Errorf(EFORBIDDEN, "self_confirmation", "A second department or an admin must confirm a violation recorded on the recording department's own project.")
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		v.Status, v.ConfirmedBy, v.ConfirmedAt = ViolationConfirmed, &actor.ID, &now
		if err := s.AppendAudit(ctx, NewAudit(actor, "violation.confirmed", "violation", strconv.FormatInt(v.ID, 10), map[string]any{"agency_id": v.AgencyID})); err != nil {
			return err
		}
		return scoreViolation(ctx, s, actor, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// scoreViolation turns a confirmed violation into its credit event.
func scoreViolation(ctx context.Context, s Store, actor Actor, v *Violation) error {
	ev := &CreditEvent{AgencyID: v.AgencyID, Kind: v.Kind, Points: v.Points, Source: SourceDepartment, Actor: actor,
		Reason: v.Reason, Evidence: v.Evidence, ProjectID: v.ProjectID, ViolationID: &v.ID}
	if err := recordCreditEvent(ctx, s, ev); err != nil {
		return err
	}
	v.CreditEventID = &ev.ID
	return s.UpdateViolation(ctx, v)
}

// ViolationFilter selects violations for GET /violations.
type ViolationFilter struct {
	Status   string
	AgencyID int64
	Page     Page
}

// ListViolations lists violations, newest first, for departments and admins
// (a second department finds the pending ones to confirm here).
func (m *Marketplace) ListViolations(ctx context.Context, actor Actor, f ViolationFilter) (List[*Violation], error) {
	if actor.Role != RoleDepartment && actor.Role != RoleAdmin {
		return List[*Violation]{}, ErrForbidden
	}
	if f.Status != "" && f.Status != ViolationPending && f.Status != ViolationConfirmed {
		return List[*Violation]{}, FieldError("status", "violation_status", "status must be pending or confirmed.")
	}
	if err := f.Page.Normalize(); err != nil {
		return List[*Violation]{}, err
	}
	items, total, err := m.Store.FindViolations(ctx, f)
	if err != nil {
		return List[*Violation]{}, err
	}
	return NewList(items, total, f.Page), nil
}
