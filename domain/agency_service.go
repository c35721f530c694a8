package domain

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Errors of the agency profile and exit rules.
var (
	ErrAgencyNotFound  = &Error{Code: ENOTFOUND, Reason: "agency_not_found", Message: "Agency not found."}
	ErrAgencyExited    = &Error{Code: ECONFLICT, Reason: "agency_exited", Message: "This agency has exited the platform; rejoin from the workspace (POST /agencies/me/rejoin) to act again."}
	ErrAgencyNotExited = &Error{Code: ECONFLICT, Reason: "agency_not_exited", Message: "Only an agency that has exited can rejoin."}
	ErrAgencyNotActive = &Error{Code: ECONFLICT, Reason: "agency_not_active", Message: "A suspended or blacklisted agency cannot exit: the sanction runs its course first."}
	ErrNotAnAgency     = &Error{Code: EFORBIDDEN, Reason: "agency_only", Message: "Only an agency account can do this."}
	ErrOpenEngagements = &Error{Code: ECONFLICT, Reason: "open_engagements"}
)

// OpenEngagement is something that keeps an agency from exiting: a
// submitted bid on a project still open for bidding, a result in publicity
// or awarded (award), or a contract not yet completed.
type OpenEngagement struct {
	ProjectID int64
	Kind      string // bid | award | contract
	Status    string // the project's status
}

func requireAgency(actor Actor) error {
	if actor.IsAnonymous() {
		return ErrUnauthenticated
	}
	if actor.Role != RoleAgency {
		return ErrNotAnAgency
	}
	return nil
}

// lockActiveAgency locks the agency's account row and refuses changes from
// an agency that has exited (it may log in and read, not act).
func lockActiveAgency(ctx context.Context, s Store, id int64) (*Agency, error) {
	a, err := s.FindAgency(ctx, id, true)
	if err != nil {
		return nil, err
	}
	if a.Status == StatusExited {
		return nil, ErrAgencyExited
	}
	return a, nil
}

// computeValidity sets Valid on each qualification for the platform date.
func computeValidity(qs []*Qualification, now time.Time) {
	for _, q := range qs {
		q.Valid = q.CountsOn(now)
	}
}

// GetAgency returns an agency's profile as actor may see it: the public
// profile for anyone, with affiliation details, every qualification and
// contact details for the agency itself, departments and admins.
func (m *Marketplace) GetAgency(ctx context.Context, actor Actor, id int64) (*Agency, error) {
	a, err := m.Store.FindAgency(ctx, id, false)
	if err != nil {
		return nil, err
	}
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	computeValidity(a.Qualifications, now)
	a.redactFor(actor)
	return a, nil
}

// MyAgency returns the acting agency's own profile.
func (m *Marketplace) MyAgency(ctx context.Context, actor Actor) (*Agency, error) {
	if err := Authorize(actor, ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	return m.GetAgency(ctx, actor, actor.ID)
}

// ListAgencies is the public directory (网上展示).
func (m *Marketplace) ListAgencies(ctx context.Context, f AgencyFilter) (List[*AgencySummary], error) {
	if err := f.Validate(); err != nil {
		return List[*AgencySummary]{}, err
	}
	if f.Qualified != "" {
		now, err := m.Now(ctx)
		if err != nil {
			return List[*AgencySummary]{}, err
		}
		f.QualifiedOn = now.In(PlatformZone).Format(DateLayout)
	}
	rows, total, err := m.Store.FindAgencies(ctx, f)
	if err != nil {
		return List[*AgencySummary]{}, err
	}
	return NewList(rows, total, f.Page), nil
}

// UpdateAgencyProfile applies an agency's edit of its own profile. New
// service items must be in the catalogue and retained; an item the agency
// already offered stays allowed after it was abolished, so that an edit of
// the description does not fail because of it.
func (m *Marketplace) UpdateAgencyProfile(ctx context.Context, actor Actor, p AgencyPatch) (*Agency, error) {
	if err := Authorize(actor, ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	var out *Agency
	err := m.Store.InTx(ctx, func(s Store) error {
		a, err := lockActiveAgency(ctx, s, actor.ID)
		if err != nil {
			return err
		}
		out = a
		before := *a
		offered := map[string]bool{}
		for _, c := range a.ServiceItems {
			offered[c] = true
		}
		if err := p.Apply(a); err != nil {
			return err
		}
		if p.ServiceItems != nil {
			for _, code := range a.ServiceItems {
				it, err := s.FindItemByCode(ctx, code, false)
				if ErrorCode(err) == ENOTFOUND {
					return FieldError("service_items", "unknown_item", "%q is not a service item code of the catalogue.", code)
				} else if err != nil {
					return err
				}
				if it.Status == ItemAbolished && !offered[code] {
					return FieldError("service_items", "item_abolished", "Service item %s (%s) has been abolished and cannot be offered.", code, it.Name)
				}
			}
		}
		if err := s.UpdateAgencyProfile(ctx, a); err != nil {
			return err
		}
		if len(a.Qualifications) > 0 {
			now, err := s.Now(ctx)
			if err != nil {
				return err
			}
			computeValidity(a.Qualifications, now)
		}
		return s.AppendAudit(ctx, NewAudit(actor, "agency.profile_updated", "agency", strconv.FormatInt(a.ID, 10),
			map[string]any{"before": profileSummary(&before), "after": profileSummary(a)}))
	})
	if err != nil {
		return nil, err
	}
	// The profile as written: only the edited fields changed, so it needs
	// no second read.
	out.redactFor(actor)
	return out, nil
}

func profileSummary(a *Agency) map[string]any {
	return map[string]any{"description": a.Description, "office_address": a.OfficeAddress, "region": a.Region,
		"website": a.Website, "staff_count": a.StaffCount, "contact_name": a.ContactName, "contact_phone": a.ContactPhone,
		"contact_public": a.ContactPublic, "service_items": a.ServiceItems}
}

// ExitAgency is an agency's voluntary exit (退出). It is refused while the
// agency has an open bid, award or contract, and for a suspended or
// blacklisted agency (exit is not a way out of a sanction). The account
// keeps its login and all its history; the profile shows the exit date.
func (m *Marketplace) ExitAgency(ctx context.Context, actor Actor) (*Agency, error) {
	if err := Authorize(actor, ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		a, err := s.FindAgency(ctx, actor.ID, true)
		if err != nil {
			return err
		}
		switch a.Status {
		case StatusExited:
			return Errorf(ECONFLICT, "agency_already_exited", "This agency already exited on %s.", a.ExitedAt.In(PlatformZone).Format(DateLayout))
		case StatusActive:
		default:
			return ErrAgencyNotActive
		}
		open, err := s.FindOpenEngagements(ctx, a.ID)
		if err != nil {
			return err
		}
		if len(open) > 0 {
			return openEngagementsError(open)
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		if err := s.SetAgencyExited(ctx, a.ID, now); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "agency.exited", "agency", strconv.FormatInt(a.ID, 10),
			map[string]any{"exited_at": now}))
	})
	if err != nil {
		return nil, err
	}
	return m.GetAgency(ctx, actor, actor.ID)
}

func openEngagementsError(open []OpenEngagement) *Error {
	parts := make([]string, 0, len(open))
	for _, o := range open {
		switch o.Kind {
		case "bid":
			parts = append(parts, fmt.Sprintf("a submitted bid on project %d (still bidding)", o.ProjectID))
		case "award":
			parts = append(parts, fmt.Sprintf("an award on project %d (%s)", o.ProjectID, o.Status))
		default:
			parts = append(parts, fmt.Sprintf("a contract on project %d (%s)", o.ProjectID, o.Status))
		}
	}
	e := *ErrOpenEngagements
	e.Message = "The agency cannot exit while it has " + strings.Join(parts, "; ") + ". Withdraw open bids and finish contracts first."
	return &e
}

// RejoinAgency is an exited agency's return (重新入驻), asked through its
// own login: the same account comes back active with its whole history
// (信用管终身). Registration never does this: the directory publishes every
// USCC, so holding one proves nothing.
func (m *Marketplace) RejoinAgency(ctx context.Context, actor Actor) (*Agency, error) {
	if err := Authorize(actor, ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	err := m.Store.InTx(ctx, func(s Store) error {
		a, err := s.FindAgency(ctx, actor.ID, true)
		if err != nil {
			return err
		}
		if a.Status != StatusExited {
			return ErrAgencyNotExited
		}
		if err := s.SetAgencyRejoined(ctx, a.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(actor, "agency.rejoined", "agency", strconv.FormatInt(a.ID, 10),
			map[string]any{"exited_at": a.ExitedAt}))
	})
	if err != nil {
		return nil, err
	}
	return m.GetAgency(ctx, actor, actor.ID)
}
