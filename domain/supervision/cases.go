package supervision

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Case statuses: a case is open until closed as unfounded or converted into
// a violation; a closed case is final.
const (
	CaseOpen      = "open"
	CaseUnfounded = "unfounded"
	CaseConverted = "converted"
)

// RiskCase is a department's (or admin's) inquiry opened from a flag.
type RiskCase struct {
	ID          int64           `json:"id"`
	FlagID      int64           `json:"flag_id"`
	OpenedBy    int64           `json:"opened_by"`
	Status      string          `json:"status"`
	Conclusion  string          `json:"conclusion"`
	ViolationID *int64          `json:"violation_id"`
	OpenedAt    time.Time       `json:"opened_at"`
	ClosedBy    *int64          `json:"closed_by"`
	ClosedAt    *time.Time      `json:"closed_at"`
	Notes       []*RiskCaseNote `json:"notes,omitempty"`
}

// RiskCaseNote is a note on a case.
type RiskCaseNote struct {
	ID       int64     `json:"id"`
	CaseID   int64     `json:"case_id"`
	AuthorID int64     `json:"author_id"`
	Body     string    `json:"body"`
	At       time.Time `json:"at"`
}

// Limits of a case's texts; the OpenAPI document quotes them
// (api/limits_doc_test.go reads them through domain's aliases).
const (
	MaxRiskCaseNoteRunes    = 10000
	MaxCaseCloseReasonRunes = 2000
)

// ConvertRequest turns a case into a violation against one of the flagged
// agencies. Kind and Severity are the credit context's: the office passes
// them on unread, and the credit rules check them.
type ConvertRequest struct {
	AgencyID int64
	Kind     string
	Severity int
	Reason   string
}

// ViolationRequest is the violation a converted case records: against one
// of the flagged agencies, with the flag, its evidence and the case's notes
// as the evidence.
type ViolationRequest struct {
	AgencyID  int64
	Kind      string
	Severity  int
	Evidence  string
	Reason    string
	ProjectID *int64
}

var (
	errCaseNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "case_not_found", Message: "No case with this id is visible to you."}
	errCaseNotYours = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "case_not_yours", Message: "Only the department that opened the case (or an admin) acts on it."}
	errCaseClosed   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "case_closed", Message: "The case is closed; a closed case is final."}
)

func caseSubject(id int64) string { return strconv.FormatInt(id, 10) }

// OpenRiskCase opens a case from a visible flag. One open case per flag.
func (o *Office) OpenRiskCase(ctx context.Context, actor kernel.Actor, flagID int64, note string) (*RiskCase, error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > MaxRiskCaseNoteRunes {
		return nil, kernel.FieldError("note", "note_length", "A note is at most %d characters.", MaxRiskCaseNoteRunes)
	}
	var out *RiskCase
	err := o.InTx(ctx, func(s Store) error {
		f, err := visibleFlag(ctx, s, actor, flagID)
		if err != nil {
			return err
		}
		cases, err := s.FindRiskCasesOfFlag(ctx, f.ID)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if c.Status == CaseOpen {
				return kernel.Errorf(kernel.ECONFLICT, "case_already_open", "Case %d is already open on this flag.", c.ID)
			}
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		c := &RiskCase{FlagID: f.ID, OpenedBy: actor.ID, Status: CaseOpen, OpenedAt: now}
		if err := s.CreateRiskCase(ctx, c); err != nil {
			return err
		}
		if note != "" {
			n := &RiskCaseNote{CaseID: c.ID, AuthorID: actor.ID, Body: note, At: now}
			if err := s.CreateRiskCaseNote(ctx, n); err != nil {
				return err
			}
			c.Notes = []*RiskCaseNote{n}
		}
		out = c
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "risk_case.opened", "risk_case", caseSubject(c.ID), map[string]any{"flag_id": f.ID, "indicator": f.Indicator}))
	})
	return out, err
}

// caseForAction loads and locks a case for a state change by actor: it
// must be visible, the actor's own (or the actor an admin) and open.
func caseForAction(ctx context.Context, s Store, actor kernel.Actor, id int64) (*RiskCase, *RiskFlag, error) {
	if _, err := supervisor(ctx, s, actor); err != nil {
		return nil, nil, err
	}
	c, err := s.FindRiskCase(ctx, id, true)
	if err != nil {
		return nil, nil, err
	}
	f, err := visibleFlag(ctx, s, actor, c.FlagID)
	if err != nil {
		return nil, nil, errCaseNotFound
	}
	if !c.HandledBy(actor) {
		return nil, nil, errCaseNotYours
	}
	if c.Status != CaseOpen {
		return nil, nil, errCaseClosed
	}
	return c, f, nil
}

// actOnCase runs act, in one transaction at the database's time, on an open
// case the actor works (caseForAction).
func (o *Office) actOnCase(ctx context.Context, actor kernel.Actor, id int64, act func(s Store, c *RiskCase, now time.Time) error) error {
	return o.InTx(ctx, func(s Store) error {
		c, _, err := caseForAction(ctx, s, actor, id)
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		return act(s, c, now)
	})
}

// GetRiskCase returns a case with its notes to whoever may see its flag.
func (o *Office) GetRiskCase(ctx context.Context, actor kernel.Actor, id int64) (*RiskCase, error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return nil, err
	}
	if _, err := supervisor(ctx, o.Store, actor); err != nil {
		return nil, err
	}
	c, err := o.Store.FindRiskCase(ctx, id, false)
	if err != nil {
		return nil, err
	}
	if _, err := visibleFlag(ctx, o.Store, actor, c.FlagID); err != nil {
		return nil, errCaseNotFound
	}
	if c.Notes, err = o.Store.FindRiskCaseNotes(ctx, c.ID); err != nil {
		return nil, err
	}
	if c.Notes == nil {
		c.Notes = []*RiskCaseNote{}
	}
	return c, nil
}

// AddRiskCaseNote appends a note to an open case.
func (o *Office) AddRiskCaseNote(ctx context.Context, actor kernel.Actor, id int64, body string) (*RiskCaseNote, error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return nil, err
	}
	body = strings.TrimSpace(body)
	if body == "" || utf8.RuneCountInString(body) > MaxRiskCaseNoteRunes {
		return nil, kernel.FieldError("body", "note_length", "A note has 1 to %d characters.", MaxRiskCaseNoteRunes)
	}
	var out *RiskCaseNote
	err := o.actOnCase(ctx, actor, id, func(s Store, c *RiskCase, now time.Time) error {
		out = &RiskCaseNote{CaseID: c.ID, AuthorID: actor.ID, Body: body, At: now}
		if err := s.CreateRiskCaseNote(ctx, out); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "risk_case.noted", "risk_case", caseSubject(c.ID), map[string]any{"note_id": out.ID}))
	})
	return out, err
}

// CloseRiskCaseUnfounded closes an open case as unfounded: the flag stays,
// nobody is sanctioned.
func (o *Office) CloseRiskCaseUnfounded(ctx context.Context, actor kernel.Actor, id int64, reason string) (*RiskCase, error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > MaxCaseCloseReasonRunes {
		return nil, kernel.FieldError("reason", "reason_required", "Closing a case needs a reason of 1 to %d characters.", MaxCaseCloseReasonRunes)
	}
	var out *RiskCase
	err := o.actOnCase(ctx, actor, id, func(s Store, c *RiskCase, now time.Time) error {
		c.Status, c.Conclusion, c.ClosedBy, c.ClosedAt = CaseUnfounded, reason, &actor.ID, &now
		if err := s.UpdateRiskCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "risk_case.unfounded", "risk_case", caseSubject(c.ID), map[string]any{"flag_id": c.FlagID}))
	})
	return out, err
}

// ConvertRiskCase closes an open case by recording a violation against one
// of the flagged agencies through the credit violation use case, in the same
// transaction; the credit rules then score it (collusion → blacklist), or it
// waits for a second department when the project is the department's own.
// It returns the closed case and the violation's id.
func (o *Office) ConvertRiskCase(ctx context.Context, actor kernel.Actor, id int64, in ConvertRequest) (*RiskCase, error) {
	if err := kernel.Authorize(actor, kernel.ActRecordViolation); err != nil {
		return nil, err
	}
	if actor.Role != kernel.RoleDepartment {
		if actor.IsAnonymous() {
			return nil, kernel.ErrUnauthenticated
		}
		return nil, kernel.Errorf(kernel.EFORBIDDEN, "department_only", "Only a department records violations.")
	}
	if err := kernel.CheckMaxRunes("reason", in.Reason, o.MaxViolationReasonRunes); err != nil {
		return nil, err
	}
	var out *RiskCase
	err := o.InTx(ctx, func(s Store) error {
		c, f, err := caseForAction(ctx, s, actor, id)
		if err != nil {
			return err
		}
		named := false
		for _, a := range f.AgencyIDs {
			named = named || a == in.AgencyID
		}
		if !named {
			return kernel.FieldError("agency_id", "agency_not_flagged", "agency_id must be one of the agencies the flag names.")
		}
		notes, err := s.FindRiskCaseNotes(ctx, c.ID)
		if err != nil {
			return err
		}
		ev, _ := json.Marshal(f.Evidence)
		var b strings.Builder
		fmt.Fprintf(&b, "Risk flag %d (%s): %s\nEvidence: %s\n", f.ID, f.Indicator, f.Summary, ev)
		for _, n := range notes {
			fmt.Fprintf(&b, "Note %s: %s\n", n.At.Format(time.RFC3339), n.Body)
		}
		evidence := b.String()
		if r := []rune(evidence); len(r) > MaxRiskCaseNoteRunes {
			evidence = string(r[:MaxRiskCaseNoteRunes])
		}
		// Recorded on this transaction's store, so that case and violation
		// commit together.
		violationID, err := s.RecordViolation(ctx, actor, ViolationRequest{AgencyID: in.AgencyID, Kind: in.Kind,
			Severity: in.Severity, Evidence: evidence, Reason: in.Reason, ProjectID: f.ProjectID})
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		concl := in.Reason
		if concl == "" {
			concl = "Converted into violation " + strconv.FormatInt(violationID, 10) + "."
		}
		c.Status, c.Conclusion, c.ViolationID, c.ClosedBy, c.ClosedAt = CaseConverted, concl, &violationID, &actor.ID, &now
		if err := s.UpdateRiskCase(ctx, c); err != nil {
			return err
		}
		out = c
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "risk_case.converted", "risk_case", caseSubject(c.ID), map[string]any{"violation_id": violationID, "agency_id": in.AgencyID}))
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// HandledBy reports whether the actor works the case: the one who opened
// it, or an administrator.
func (c *RiskCase) HandledBy(actor kernel.Actor) bool {
	return c.OpenedBy == actor.ID || actor.Role == kernel.RoleAdmin
}
