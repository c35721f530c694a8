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
	ID       int64 `json:"id"`
	AgencyID int64 `json:"agency_id"`
	// AgencyName is read with the list, for pages (never a bare number).
	AgencyName   string `json:"-"`
	DepartmentID int64  `json:"department_id"`
	Kind         string `json:"kind"`
	Severity     int    `json:"severity"`
	Points       int    `json:"points"`
	Reason       string `json:"reason"`
	// ReasonText is the platform-written default reason (none given), as a
	// message id for pages; its credit event carries it too.
	ReasonText    *Text      `json:"reason_text,omitempty"`
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
		return 0, FieldError("kind", "violation_kind", "kind must be violation, false_materials, collusion or false_commitment.")
	}
	if in.AgencyID <= 0 {
		return 0, FieldError("agency_id", "agency_required", "agency_id is required.")
	}
	if in.Evidence == "" {
		return 0, FieldError("evidence", "evidence_required", "A violation needs its evidence (document reference and facts).")
	}
	if utf8.RuneCountInString(in.Evidence) > MaxRiskCaseNoteRunes || utf8.RuneCountInString(in.Reason) > MaxViolationReasonRunes {
		return 0, FieldError("evidence", "too_long", "evidence is at most %d characters and reason at most %d.", MaxRiskCaseNoteRunes, MaxViolationReasonRunes)
	}
	if in.Severity == 0 && k.Kind != CreditViolation {
		in.Severity = ViolationSeverityGrave
	}
	if _, ok := ViolationPoints[int(in.Severity)]; !ok {
		return 0, FieldError("severity", "severity_range", "severity must be 1 (minor), 2 (serious) or 3 (grave).")
	}
	return CreditPoints(in.Kind, int(in.Severity))
}

// RecordViolation records a department's violation finding. When the
// agency is tied to the department's own business (DepartmentTies: the
// finding names one of its projects, or the agency could compete for or
// holds one of its unfinished projects) it waits for a second department
// or an admin (no self-dealing); otherwise it scores at once. The rule reads
// public facts only, so neither the answer nor the pending list tells the
// department whether the agency bid on a project still sealed.
func (m *Marketplace) RecordViolation(ctx context.Context, actor Actor, in ViolationInput) (*Violation, error) {
	if err := Authorize(actor, ActRecordViolation); err != nil {
		return nil, err
	}
	points, err := in.Validate()
	if err != nil {
		return nil, err
	}
	v := &Violation{AgencyID: in.AgencyID, DepartmentID: actor.ID, Kind: in.Kind, Severity: int(in.Severity), Points: points,
		Reason: in.Reason, Evidence: in.Evidence, ProjectID: in.ProjectID, Status: ViolationConfirmed}
	if v.Reason == "" {
		t := T(TextViolationRecordedBy, "Name", actor.Name)
		v.Reason, v.ReasonText = t.English(), &t
	}
	err = m.Store.InTx(ctx, func(s Store) error {
		if _, err := s.FindCreditStanding(ctx, in.AgencyID, true); err != nil {
			return err
		}
		if v.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		ties, err := departmentTies(ctx, s, actor.ID, in.AgencyID, in.ProjectID, v.CreatedAt)
		if err != nil {
			return err
		}
		if ties.NeedsSecondDepartment() {
			v.Status = ViolationPending
		}
		if err := s.CreateViolation(ctx, v); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, NewAudit(actor, "violation.recorded", "violation", strconv.FormatInt(v.ID, 10),
			map[string]any{"agency_id": v.AgencyID, "kind": v.Kind, "severity": v.Severity, "project_id": v.ProjectID, "status": v.Status})); err != nil {
			return err
		}
		if v.Status == ViolationPending {
			return requestConfirmation(ctx, s, actor, ConfirmSubjectViolation, v.ID, v.CreatedAt)
		}
		return scoreViolation(ctx, s, actor, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ConfirmViolation confirms a pending violation (another department or an
// admin), which then scores: the confirmation queue's Confirm, reached by
// the violation's id.
func (m *Marketplace) ConfirmViolation(ctx context.Context, actor Actor, id int64) (*Violation, error) {
	if err := Authorize(actor, ActConfirmViolation); err != nil {
		return nil, err
	}
	var v *Violation
	err := m.Store.InTx(ctx, func(s Store) error {
		c, err := s.FindConfirmationOf(ctx, ConfirmSubjectViolation, id)
		if ErrorCode(err) == ENOTFOUND {
			if _, err := s.FindViolation(ctx, id, false); err != nil {
				return err
			}
			return Errorf(ECONFLICT, "violation_not_pending", "Violation %d is already confirmed.", id)
		} else if err != nil {
			return err
		}
		if err := confirm(ctx, s, actor, c); err != nil {
			return err
		}
		v, err = s.FindViolation(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// confirmViolation scores a violation whose confirmation was just given.
func confirmViolation(ctx context.Context, s Store, actor Actor, id int64, now time.Time) error {
	v, err := s.FindViolation(ctx, id, true)
	if err != nil {
		return err
	}
	if v.Status != ViolationPending {
		return Errorf(ECONFLICT, "violation_not_pending", "Violation %d is already confirmed.", id)
	}
	v.Status, v.ConfirmedBy, v.ConfirmedAt = ViolationConfirmed, &actor.ID, &now
	if err := s.AppendAudit(ctx, NewAudit(actor, "violation.confirmed", "violation", strconv.FormatInt(v.ID, 10), map[string]any{"agency_id": v.AgencyID})); err != nil {
		return err
	}
	return scoreViolation(ctx, s, actor, v)
}

// scoreViolation turns a confirmed violation into its credit event.
func scoreViolation(ctx context.Context, s Store, actor Actor, v *Violation) error {
	ev := &CreditEvent{AgencyID: v.AgencyID, Kind: v.Kind, Points: v.Points, Source: SourceDepartment, Actor: actor,
		Reason: v.Reason, Evidence: v.Evidence, ProjectID: v.ProjectID, ViolationID: &v.ID}
	if v.ReasonText != nil {
		ev.SetReason(*v.ReasonText)
	}
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
	if err := Authorize(actor, ActSupervise); err != nil {
		return List[*Violation]{}, err
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
