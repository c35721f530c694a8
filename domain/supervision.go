package domain

import (
	"context"
	"strings"
	"time"
)

// RiskFilter selects flags for GET /supervision/risks. Viewer fields are
// set by the use case from the actor, never by the client.
type RiskFilter struct {
	Indicator string
	ProjectID int64
	AgencyID  int64
	OwnerID   int64
	From, To  *time.Time
	Page      Page

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
func supervisor(ctx context.Context, s Store, actor Actor) (string, error) {
	if actor.IsAnonymous() {
		return "", ErrUnauthenticated
	}
	if actor.Role != RoleDepartment && actor.Role != RoleAdmin {
		return "", Errorf(EFORBIDDEN, "supervision_only", "Risk flags are for departments and admins only.")
	}
	if actor.Role == RoleAdmin {
		return "", nil
	}
	acc, err := s.FindAccountByID(ctx, actor.ID)
	if err != nil {
		return "", err
	}
	return acc.Region, nil
}

// CanSeeRiskFlag is the visibility rule of docs/risk.md: admins see every
// flag; a department sees the flags on its own projects (owner) and the
// flags whose region lies in its own region (its region is a prefix of the
// flag's: 湖北省 sees 湖北省武汉市).
func CanSeeRiskFlag(actor Actor, region string, f *RiskFlag) bool {
	switch actor.Role {
	case RoleAdmin:
		return true
	case RoleDepartment:
		if f.OwnerID != nil && *f.OwnerID == actor.ID {
			return true
		}
		return region != "" && strings.HasPrefix(f.Region, region)
	}
	return false
}

var errRiskNotFound = &Error{Code: ENOTFOUND, Reason: "risk_not_found", Message: "No risk flag with this id is visible to you."}

// ListRisks lists the flags the actor may see, most severe first.
func (m *Marketplace) ListRisks(ctx context.Context, actor Actor, f RiskFilter) (List[*RiskFlag], error) {
	if err := Authorize(actor, ActSupervise); err != nil {
		return List[*RiskFlag]{}, err
	}
	region, err := supervisor(ctx, m.Store, actor)
	if err != nil {
		return List[*RiskFlag]{}, err
	}
	if f.Indicator != "" && !IsRiskIndicator(f.Indicator) {
		return List[*RiskFlag]{}, FieldError("indicator", "unknown_indicator", "indicator must be one of %s.", strings.Join(RiskIndicators, ", "))
	}
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return List[*RiskFlag]{}, FieldError("to", "date_range", "to must not be before from.")
	}
	if err := f.Page.Normalize(); err != nil {
		return List[*RiskFlag]{}, err
	}
	if actor.Role == RoleDepartment {
		f.Restrict, f.ViewerID, f.ViewerRegion = true, actor.ID, region
	}
	items, total, err := m.Store.FindRiskFlags(ctx, f)
	if err != nil {
		return List[*RiskFlag]{}, err
	}
	return NewList(items, total, f.Page), nil
}

// visibleFlag loads a flag the actor may see (ENOTFOUND otherwise, so that
// a department learns nothing of flags outside its remit).
func visibleFlag(ctx context.Context, s Store, actor Actor, id int64) (*RiskFlag, error) {
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
func (m *Marketplace) GetRisk(ctx context.Context, actor Actor, id int64) (*RiskDetail, error) {
	if err := Authorize(actor, ActSupervise); err != nil {
		return nil, err
	}
	f, err := visibleFlag(ctx, m.Store, actor, id)
	if err != nil {
		return nil, err
	}
	d := &RiskDetail{Flag: f, Evidence: []*BidEvidence{}}
	if f.ProjectID != nil {
		if d.Evidence, err = m.Store.FindBidEvidence(ctx, *f.ProjectID, f.AgencyIDs); err != nil {
			return nil, err
		}
	}
	if d.Cases, err = m.Store.FindRiskCasesOfFlag(ctx, f.ID); err != nil {
		return nil, err
	}
	if d.Cases == nil {
		d.Cases = []*RiskCase{}
	}
	return d, nil
}
