package credit

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
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
	ReasonText    *kernel.Text `json:"reason_text,omitempty"`
	Evidence      string       `json:"evidence"`
	ProjectID     *int64       `json:"project_id"`
	Status        string       `json:"status"`
	ConfirmedBy   *int64       `json:"confirmed_by"`
	ConfirmedAt   *time.Time   `json:"confirmed_at"`
	CreditEventID *int64       `json:"credit_event_id"`
	CreatedAt     time.Time    `json:"created_at"`
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
			return kernel.FieldError("severity", "severity_range", "severity must be 1–3 or one of minor, serious, grave.")
		}
		*v = Severity(n)
		return nil
	}
	var n int
	if err := json.Unmarshal(b, &n); err != nil {
		return kernel.FieldError("severity", "severity_range", "severity must be 1–3 or one of minor, serious, grave.")
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
	k, ok := FindKind(in.Kind)
	if !ok || !k.Violation {
		return 0, kernel.FieldError("kind", "violation_kind", "kind must be violation, false_materials, collusion or false_commitment.")
	}
	if in.AgencyID <= 0 {
		return 0, kernel.FieldError("agency_id", "agency_required", "agency_id is required.")
	}
	if in.Evidence == "" {
		return 0, kernel.FieldError("evidence", "evidence_required", "A violation needs its evidence (document reference and facts).")
	}
	if utf8.RuneCountInString(in.Evidence) > MaxViolationEvidenceRunes || utf8.RuneCountInString(in.Reason) > MaxViolationReasonRunes {
		return 0, kernel.FieldError("evidence", "too_long", "evidence is at most %d characters and reason at most %d.", MaxViolationEvidenceRunes, MaxViolationReasonRunes)
	}
	if in.Severity == 0 && k.Kind != KindViolation {
		in.Severity = ViolationSeverityGrave
	}
	if _, ok := ViolationPoints[int(in.Severity)]; !ok {
		return 0, kernel.FieldError("severity", "severity_range", "severity must be 1 (minor), 2 (serious) or 3 (grave).")
	}
	return Points(in.Kind, int(in.Severity))
}

// RecordViolation records a department's violation finding. When the
// agency is tied to the department's own business (domain.DepartmentTies: the
// finding names one of its projects, or the agency could compete for or
// holds one of its unfinished projects) it waits for a second department
// or an admin (no self-dealing); otherwise it scores at once. The rule reads
// public facts only, so neither the answer nor the pending list tells the
// department whether the agency bid on a project still sealed.
func (b *Bureau) RecordViolation(ctx context.Context, actor kernel.Actor, in ViolationInput) (*Violation, error) {
	if err := kernel.Authorize(actor, kernel.ActRecordViolation); err != nil {
		return nil, err
	}
	points, err := in.Validate()
	if err != nil {
		return nil, err
	}
	v := &Violation{AgencyID: in.AgencyID, DepartmentID: actor.ID, Kind: in.Kind, Severity: int(in.Severity), Points: points,
		Reason: in.Reason, Evidence: in.Evidence, ProjectID: in.ProjectID, Status: ViolationConfirmed}
	if v.Reason == "" {
		t := kernel.T(TextViolationRecordedBy, "Name", actor.Name)
		v.Reason, v.ReasonText = t.English(), &t
	}
	err = b.InTx(ctx, func(s Tx) error {
		if _, err := s.FindCreditStanding(ctx, in.AgencyID, true); err != nil {
			return err
		}
		if v.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		waits, err := s.Confirmations.NeedsSecondDepartment(ctx, actor.ID, in.AgencyID, in.ProjectID, v.CreatedAt)
		if err != nil {
			return err
		}
		if waits {
			v.Status = ViolationPending
		}
		if err := s.CreateViolation(ctx, v); err != nil {
			return err
		}
		if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "violation.recorded", "violation", strconv.FormatInt(v.ID, 10),
			map[string]any{"agency_id": v.AgencyID, "kind": v.Kind, "severity": v.Severity, "project_id": v.ProjectID, "status": v.Status})); err != nil {
			return err
		}
		if v.Status == ViolationPending {
			return s.Confirmations.RequestViolation(ctx, actor, v.ID, v.CreatedAt)
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
func (b *Bureau) ConfirmViolation(ctx context.Context, actor kernel.Actor, id int64) (*Violation, error) {
	if err := kernel.Authorize(actor, kernel.ActConfirmViolation); err != nil {
		return nil, err
	}
	var v *Violation
	err := b.InTx(ctx, func(s Tx) error {
		requested, err := s.Confirmations.ConfirmViolation(ctx, actor, id)
		if err != nil {
			return err
		}
		if !requested {
			if _, err := s.FindViolation(ctx, id, false); err != nil {
				return err
			}
			return kernel.Errorf(kernel.ECONFLICT, "violation_not_pending", "Violation %d is already confirmed.", id)
		}
		v, err = s.FindViolation(ctx, id, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ScoreConfirmedViolation scores a violation whose confirmation was just
// given, in the confirming transaction s (the confirmation queue calls it).
func ScoreConfirmedViolation(ctx context.Context, s Store, actor kernel.Actor, id int64, now time.Time) error {
	v, err := s.FindViolation(ctx, id, true)
	if err != nil {
		return err
	}
	if v.Status != ViolationPending {
		return kernel.Errorf(kernel.ECONFLICT, "violation_not_pending", "Violation %d is already confirmed.", id)
	}
	v.Status, v.ConfirmedBy, v.ConfirmedAt = ViolationConfirmed, &actor.ID, &now
	if err := s.AppendAudit(ctx, kernel.NewAudit(actor, "violation.confirmed", "violation", strconv.FormatInt(v.ID, 10), map[string]any{"agency_id": v.AgencyID})); err != nil {
		return err
	}
	return scoreViolation(ctx, s, actor, v)
}

// scoreViolation turns a confirmed violation into its credit event.
func scoreViolation(ctx context.Context, s Store, actor kernel.Actor, v *Violation) error {
	ev := &Event{AgencyID: v.AgencyID, Kind: v.Kind, Points: v.Points, Source: SourceDepartment, Actor: actor,
		Reason: v.Reason, Evidence: v.Evidence, ProjectID: v.ProjectID, ViolationID: &v.ID}
	if v.ReasonText != nil {
		ev.SetReason(*v.ReasonText)
	}
	if err := RecordEvent(ctx, s, ev); err != nil {
		return err
	}
	v.CreditEventID = &ev.ID
	return s.UpdateViolation(ctx, v)
}

// ViolationFilter selects violations for GET /violations.
type ViolationFilter struct {
	Status   string
	AgencyID int64
	Page     kernel.Page
}

// ListViolations lists violations, newest first, for departments and admins
// (a second department finds the pending ones to confirm here).
func (b *Bureau) ListViolations(ctx context.Context, actor kernel.Actor, f ViolationFilter) (kernel.List[*Violation], error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return kernel.List[*Violation]{}, err
	}
	if f.Status != "" && f.Status != ViolationPending && f.Status != ViolationConfirmed {
		return kernel.List[*Violation]{}, kernel.FieldError("status", "violation_status", "status must be pending or confirmed.")
	}
	if err := f.Page.Normalize(); err != nil {
		return kernel.List[*Violation]{}, err
	}
	items, total, err := b.Store.FindViolations(ctx, f)
	if err != nil {
		return kernel.List[*Violation]{}, err
	}
	return kernel.NewList(items, total, f.Page), nil
}
