package supervision

import (
	"context"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// RiskFilter selects flags for GET /supervision/risks. Viewer fields are
// set by the use case from the actor, never by the client.
type RiskFilter struct {
	Indicator string
	ProjectID int64
	AgencyID  int64
	OwnerID   int64
	From, To  *time.Time
	Page      kernel.Page

	// Restrict: the viewer is a department; it sees flags whose owner is
	// ViewerID or whose region starts with ViewerRegion (when not empty).
	Restrict     bool
	ViewerID     int64
	ViewerRegion string
}

// RiskDetail is one flag with the evidence that triggered it and its cases.
type RiskDetail struct {
	Flag     *RiskFlag      `json:"flag"`
	Evidence []*BidEvidence `json:"evidence"`
	Cases    []*RiskCase    `json:"cases"`
}

// supervisor checks the role and returns the department's region ("" for admins).
func supervisor(ctx context.Context, s Store, actor kernel.Actor) (string, error) {
	if actor.IsAnonymous() {
		return "", kernel.ErrUnauthenticated
	}
	if actor.Role != kernel.RoleDepartment && actor.Role != kernel.RoleAdmin {
		return "", kernel.Errorf(kernel.EFORBIDDEN, "supervision_only", "Risk flags are for departments and admins only.")
	}
	if actor.Role == kernel.RoleAdmin {
		return "", nil
	}
	return s.AccountRegion(ctx, actor.ID)
}

// SupervisorRegion is the remit of a supervisor: a department's region, ""
// for an admin (everything); anyone else is refused.
func (o *Office) SupervisorRegion(ctx context.Context, actor kernel.Actor) (string, error) {
	return supervisor(ctx, o.Store, actor)
}

// CanSeeRiskFlag is the visibility rule of docs/risk.md: admins see every
// flag; a department sees the flags on its own projects (owner) and the
// flags whose region lies in its own region (its region is a prefix of the
// flag's: 湖北省 sees 湖北省武汉市).
func CanSeeRiskFlag(actor kernel.Actor, region string, f *RiskFlag) bool {
	switch actor.Role {
	case kernel.RoleAdmin:
		return true
	case kernel.RoleDepartment:
		if f.OwnerID != nil && *f.OwnerID == actor.ID {
			return true
		}
		return region != "" && strings.HasPrefix(f.Region, region)
	}
	return false
}

var errRiskNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "risk_not_found", Message: "No risk flag with this id is visible to you."}

// ListRisks lists the flags the actor may see, most severe first.
func (o *Office) ListRisks(ctx context.Context, actor kernel.Actor, f RiskFilter) (kernel.List[*RiskFlag], error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return kernel.List[*RiskFlag]{}, err
	}
	region, err := supervisor(ctx, o.Store, actor)
	if err != nil {
		return kernel.List[*RiskFlag]{}, err
	}
	if f.Indicator != "" && !IsRiskIndicator(f.Indicator) {
		return kernel.List[*RiskFlag]{}, kernel.FieldError("indicator", "unknown_indicator", "indicator must be one of %s.", strings.Join(RiskIndicators, ", "))
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return kernel.List[*RiskFlag]{}, kernel.FieldError("to", "date_range", "to must not be before from.")
	}
	if err := f.Page.Normalize(); err != nil {
		return kernel.List[*RiskFlag]{}, err
	}
	if actor.Role == kernel.RoleDepartment {
		f.Restrict, f.ViewerID, f.ViewerRegion = true, actor.ID, region
	}
	items, total, err := o.Store.FindRiskFlags(ctx, f)
	if err != nil {
		return kernel.List[*RiskFlag]{}, err
	}
	return kernel.NewList(items, total, f.Page), nil
}

// visibleFlag loads a flag the actor may see (ENOTFOUND otherwise, so that
// a department learns nothing of flags outside its remit).
func visibleFlag(ctx context.Context, s Store, actor kernel.Actor, id int64) (*RiskFlag, error) {
	region, err := supervisor(ctx, s, actor)
	if err != nil {
		return nil, err
	}
	f, err := s.FindRiskFlag(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeRiskFlag(actor, region, f) {
		return nil, errRiskNotFound
	}
	return f, nil
}

// GetRisk returns one flag with the bid evidence behind it (IP addresses
// and user agents included: only departments and admins get here) and its cases.
func (o *Office) GetRisk(ctx context.Context, actor kernel.Actor, id int64) (*RiskDetail, error) {
	if err := kernel.Authorize(actor, kernel.ActSupervise); err != nil {
		return nil, err
	}
	f, err := visibleFlag(ctx, o.Store, actor, id)
	if err != nil {
		return nil, err
	}
	d := &RiskDetail{Flag: f, Evidence: []*BidEvidence{}}
	if f.ProjectID != nil {
		if d.Evidence, err = o.Store.FindBidEvidence(ctx, *f.ProjectID, f.AgencyIDs); err != nil {
			return nil, err
		}
	}
	if d.Cases, err = o.Store.FindRiskCasesOfFlag(ctx, f.ID); err != nil {
		return nil, err
	}
	if d.Cases == nil {
		d.Cases = []*RiskCase{}
	}
	return d, nil
}
