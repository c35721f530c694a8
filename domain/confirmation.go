package domain

import (
	"context"
	"strconv"
	"time"

	"marketplace/domain/credit"
	"marketplace/domain/market"
)

// Second-department confirmation (四眼原则). A department may not complete
// alone an act against a named agency that touches its own business: a
// violation it records, or the avoid list of its own project. The act waits
// in one queue until a second department or an admin confirms it.
//
// Whether an act waits is decided by DepartmentTies alone, which reads only
// facts every department may know (who owns a project, who could bid on it,
// who holds it). Sealed bids are not among them: the answer, its status and
// the work done to reach it are the same whether or not the agency bid.

// Confirmation subjects: what waits for the second department.
const (
	ConfirmSubjectViolation = "violation"
	ConfirmSubjectAvoidList = "avoid_list"
)

// Confirmation statuses. A request is withdrawn when its subject goes away
// before anyone confirmed it (a cancelled draft).
const (
	ConfirmationPending   = "pending"
	ConfirmationConfirmed = "confirmed"
	ConfirmationWithdrawn = "withdrawn"
)

// ErrConfirmationNotFound: no request with this id (or about this subject).
var ErrConfirmationNotFound = &Error{Code: ENOTFOUND, Reason: "confirmation_not_found", Message: "No confirmation request with this id."}

// Confirmation is one act waiting for (or given) a second department's
// confirmation. Violation or Project describes the subject for the
// confirming department, which cannot see the requester's drafts otherwise.
type Confirmation struct {
	ID              int64               `json:"id"`
	Subject         string              `json:"subject"`
	SubjectID       int64               `json:"subject_id"`
	RequestedBy     int64               `json:"requested_by"`
	RequestedByName string              `json:"requested_by_name"`
	Status          string              `json:"status"`
	ConfirmedBy     *int64              `json:"confirmed_by"`
	ConfirmedAt     *time.Time          `json:"confirmed_at"`
	CreatedAt       time.Time           `json:"created_at"`
	Violation       *credit.Violation   `json:"violation,omitempty"`
	Project         *ConfirmationTarget `json:"project,omitempty"`
}

// ConfirmationTarget is the part of a draft a confirming department judges:
// what is bought, and whom the owner wants to stand aside, and why.
type ConfirmationTarget struct {
	ID       int64          `json:"id"`
	Title    string         `json:"title"`
	ItemCode string         `json:"item_code"`
	ItemName string         `json:"item_name"`
	Status   string         `json:"status"`
	MinBids  int            `json:"min_bids"`
	Avoid    []market.Avoid `json:"avoid"`
}

// DepartmentTies are the public facts that tie an agency to a department's
// own business at the moment the department acts against it.
type DepartmentTies struct {
	// OwnProject: the act concerns a project the department owns (every
	// avoid entry does; a violation naming such a project does).
	OwnProject bool
	// HoldsProject: the agency is the selected agency of one of the
	// department's unfinished projects (published with the result).
	HoldsProject bool
	// CouldCompete: the agency is eligible for one of the department's
	// unfinished projects (items, qualifications and status are public;
	// whether it actually bid is not, and is not asked).
	CouldCompete bool
}

// NeedsSecondDepartment is the one rule: an act tied to the department's
// own business waits for a second department or an admin.
func (t DepartmentTies) NeedsSecondDepartment() bool {
	return t.OwnProject || t.HoldsProject || t.CouldCompete
}

// departmentTies reads the ties between department and agency at now. It
// asks the same questions whatever the answer, so the work done does not
// depend on the agency's bids either.
func departmentTies(ctx context.Context, s Store, department, agencyID int64, projectID *int64, now time.Time) (DepartmentTies, error) {
	var t DepartmentTies
	if projectID != nil {
		owner, err := s.CreditProjectOwner(ctx, *projectID)
		if err != nil {
			return t, err
		}
		t.OwnProject = owner == department
	}
	open, err := s.FindOwnerProjectFacts(ctx, department, agencyID, now)
	if err != nil {
		return t, err
	}
	for _, o := range open {
		if o.AwardedAgencyID != nil && *o.AwardedAgencyID == agencyID {
			t.HoldsProject = true
		}
		if market.EligibilityError(o.Project, o.Facts, now) == nil {
			t.CouldCompete = true
		}
	}
	return t, nil
}

// requestConfirmation queues subject for a second department.
func requestConfirmation(ctx context.Context, s Store, actor Actor, subject string, subjectID int64, now time.Time) error {
	c := &Confirmation{Subject: subject, SubjectID: subjectID, RequestedBy: actor.ID, Status: ConfirmationPending, CreatedAt: now}
	if err := s.CreateConfirmation(ctx, c); err != nil {
		return err
	}
	return s.AppendAudit(ctx, NewAudit(actor, "confirmation.requested", "confirmation", strconv.FormatInt(c.ID, 10),
		map[string]any{"subject": subject, "subject_id": subjectID}))
}

// Confirm confirms a pending request: a department other than the
// requester, or an admin. A confirmed violation scores at once; a confirmed
// avoid list lets the draft be published.
func (m *Marketplace) Confirm(ctx context.Context, actor Actor, id int64) (*Confirmation, error) {
	if err := Authorize(actor, ActConfirmViolation); err != nil {
		return nil, err
	}
	var c *Confirmation
	err := m.Store.InTx(ctx, func(s Store) error {
		var err error
		if c, err = s.FindConfirmation(ctx, id, false); err != nil {
			return err
		}
		if c.Subject == ConfirmSubjectAvoidList {
			// The project before its request, in the order publishing and
			// cancelling take them, so that none of them deadlocks another.
			if _, err := s.FindProjectByID(ctx, c.SubjectID, market.LockUpdate); err != nil {
				return err
			}
		}
		if c, err = s.FindConfirmation(ctx, id, true); err != nil {
			return err
		}
		return confirm(ctx, s, actor, c)
	})
	if err != nil {
		return nil, err
	}
	return m.describeConfirmation(ctx, c)
}

// confirm applies actor's confirmation to c, locked by the caller.
func confirm(ctx context.Context, s Store, actor Actor, c *Confirmation) error {
	if actor.Role != RoleDepartment && actor.Role != RoleAdmin {
		return ErrForbidden
	}
	if c.Status != ConfirmationPending {
		return Errorf(ECONFLICT, "confirmation_not_pending", "Confirmation %d is %s, not pending.", c.ID, c.Status)
	}
	if c.RequestedBy == actor.ID {
		return Errorf(EFORBIDDEN, "self_confirmation", "A second department or an admin must confirm what a department does on its own business.")
	}
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	c.Status, c.ConfirmedBy, c.ConfirmedAt = ConfirmationConfirmed, &actor.ID, &now
	if err := s.UpdateConfirmation(ctx, c); err != nil {
		return err
	}
	if err := s.AppendAudit(ctx, NewAudit(actor, "confirmation.confirmed", "confirmation", strconv.FormatInt(c.ID, 10),
		map[string]any{"subject": c.Subject, "subject_id": c.SubjectID})); err != nil {
		return err
	}
	switch c.Subject {
	case ConfirmSubjectViolation:
		return credit.ScoreConfirmedViolation(ctx, s, actor, c.SubjectID, now)
	case ConfirmSubjectAvoidList:
		p, err := s.FindProjectByID(ctx, c.SubjectID, market.NoLock) // locked by Confirm
		if err != nil {
			return err
		}
		if p.Status != market.ProjectDraft {
			return Errorf(ECONFLICT, "not_draft", "Only a draft's avoid list can be confirmed; the project is %s.", p.Status)
		}
	}
	return nil
}

// avoidListConfirmed reports whether p may be published as far as its avoid
// list goes: an enterprise's list needs no second department (it is no
// department acting), a department's list needs its confirmation.
func avoidListConfirmed(ctx context.Context, s Store, p *market.Project) error {
	if p.OwnerRole != RoleDepartment || len(p.Avoid) == 0 {
		return nil
	}
	c, err := s.FindConfirmationOf(ctx, ConfirmSubjectAvoidList, p.ID)
	if ErrorCode(err) == ENOTFOUND || (err == nil && c.Status != ConfirmationConfirmed) {
		return Errorf(ECONFLICT, "avoid_unconfirmed", "A department's avoid list needs a second department's confirmation before the project is published.")
	}
	return err
}

// withdrawAvoidConfirmation takes a cancelled draft's avoid list out of the
// queue: there is nothing left to confirm.
func withdrawAvoidConfirmation(ctx context.Context, s Store, p *market.Project) error {
	c, err := s.FindConfirmationOf(ctx, ConfirmSubjectAvoidList, p.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	if c.Status != ConfirmationPending {
		return nil
	}
	c.Status = ConfirmationWithdrawn
	return s.UpdateConfirmation(ctx, c)
}

// ConfirmationFilter selects confirmations for GET /confirmations.
type ConfirmationFilter struct {
	Status  string
	Subject string
	Page    Page
}

// ListConfirmations lists the queue, newest first, for departments and
// admins: a second department finds here what waits for it.
func (m *Marketplace) ListConfirmations(ctx context.Context, actor Actor, f ConfirmationFilter) (List[*Confirmation], error) {
	if err := Authorize(actor, ActSupervise); err != nil {
		return List[*Confirmation]{}, err
	}
	switch f.Status {
	case "", ConfirmationPending, ConfirmationConfirmed, ConfirmationWithdrawn:
	default:
		return List[*Confirmation]{}, FieldError("status", "confirmation_status", "status must be pending, confirmed or withdrawn.")
	}
	switch f.Subject {
	case "", ConfirmSubjectViolation, ConfirmSubjectAvoidList:
	default:
		return List[*Confirmation]{}, FieldError("subject", "confirmation_subject", "subject must be violation or avoid_list.")
	}
	if err := f.Page.Normalize(); err != nil {
		return List[*Confirmation]{}, err
	}
	items, total, err := m.Store.FindConfirmations(ctx, f)
	if err != nil {
		return List[*Confirmation]{}, err
	}
	if err := m.describeConfirmations(ctx, items); err != nil {
		return List[*Confirmation]{}, err
	}
	return NewList(items, total, f.Page), nil
}

// describeConfirmations attaches to each confirmation the subject a
// confirming department judges, reading all the page's subjects at once.
func (m *Marketplace) describeConfirmations(ctx context.Context, items []*Confirmation) error {
	var violationIDs, projectIDs []int64
	for _, c := range items {
		switch c.Subject {
		case ConfirmSubjectViolation:
			violationIDs = append(violationIDs, c.SubjectID)
		case ConfirmSubjectAvoidList:
			projectIDs = append(projectIDs, c.SubjectID)
		}
	}
	violations, projects := map[int64]*credit.Violation{}, map[int64]*market.Project{}
	var err error
	if len(violationIDs) > 0 {
		if violations, err = m.Store.FindViolationsByIDs(ctx, violationIDs); err != nil {
			return err
		}
	}
	if len(projectIDs) > 0 {
		if projects, err = m.Store.FindProjectsByIDs(ctx, projectIDs); err != nil {
			return err
		}
	}
	for _, c := range items {
		switch c.Subject {
		case ConfirmSubjectViolation:
			v, ok := violations[c.SubjectID]
			if !ok {
				return &Error{Code: ENOTFOUND, Reason: "violation_not_found", Message: "No violation with this id."}
			}
			c.Violation = v
		case ConfirmSubjectAvoidList:
			p, ok := projects[c.SubjectID]
			if !ok {
				return market.ErrProjectNotFound
			}
			c.Project = confirmationTarget(p)
		}
	}
	return nil
}

// confirmationTarget is what a confirming department reads of a project.
func confirmationTarget(p *market.Project) *ConfirmationTarget {
	return &ConfirmationTarget{ID: p.ID, Title: p.Title, ItemCode: p.ItemCode, ItemName: p.ItemName, Status: p.Status,
		MinBids: p.MinBids, Avoid: p.Avoid}
}

// describeConfirmation attaches the subject a confirming department judges.
func (m *Marketplace) describeConfirmation(ctx context.Context, c *Confirmation) (*Confirmation, error) {
	switch c.Subject {
	case ConfirmSubjectViolation:
		v, err := m.Store.FindViolation(ctx, c.SubjectID, false)
		if err != nil {
			return nil, err
		}
		c.Violation = v
	case ConfirmSubjectAvoidList:
		p, err := m.Store.FindProjectByID(ctx, c.SubjectID, market.NoLock)
		if err != nil {
			return nil, err
		}
		c.Project = confirmationTarget(p)
	}
	return c, nil
}
