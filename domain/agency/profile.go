package agency

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// Errors of the agency profile and exit rules.
var (
	ErrNotFound        = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "agency_not_found", Message: "Agency not found."}
	ErrExited          = &kernel.Error{Code: kernel.ECONFLICT, Reason: "agency_exited", Message: "This agency has exited the platform; rejoin from the workspace (POST /agencies/me/rejoin) to act again."}
	ErrNotExited       = &kernel.Error{Code: kernel.ECONFLICT, Reason: "agency_not_exited", Message: "Only an agency that has exited can rejoin."}
	ErrNotActive       = &kernel.Error{Code: kernel.ECONFLICT, Reason: "agency_not_active", Message: "A suspended or blacklisted agency cannot exit: the sanction runs its course first."}
	ErrNotAnAgency     = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "agency_only", Message: "Only an agency account can do this."}
	ErrOpenEngagements = &kernel.Error{Code: kernel.ECONFLICT, Reason: "open_engagements"}
)

// OpenEngagement is something that keeps an agency from exiting: a
// submitted bid on a project still open for bidding, a result in publicity
// or awarded (award), or a contract not yet completed.
type OpenEngagement struct {
	ProjectID int64
	Kind      string // bid | award | contract
	Status    string // the project's status
}

// lockActive locks the agency's account row and refuses changes from an
// agency that has exited (it may log in and read, not act).
func lockActive(ctx context.Context, s Tx, id int64) (*Agency, error) {
	a, err := s.FindAgency(ctx, id, true)
	if err != nil {
		return nil, err
	}
	if a.Status == kernel.StatusExited {
		return nil, ErrExited
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
func (r *Registry) GetAgency(ctx context.Context, actor kernel.Actor, id int64) (*Agency, error) {
	a, err := r.Store.FindAgency(ctx, id, false)
	if err != nil {
		return nil, err
	}
	now, err := r.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	computeValidity(a.Qualifications, now)
	a.redactFor(actor)
	return a, nil
}

// MyAgency returns the acting agency's own profile.
func (r *Registry) MyAgency(ctx context.Context, actor kernel.Actor) (*Agency, error) {
	if err := kernel.Authorize(actor, kernel.ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	return r.GetAgency(ctx, actor, actor.ID)
}

// ListAgencies is the public directory (网上展示).
func (r *Registry) ListAgencies(ctx context.Context, f Filter) (kernel.List[*Summary], error) {
	if err := f.Validate(); err != nil {
		return kernel.List[*Summary]{}, err
	}
	if f.Qualified != "" {
		now, err := r.Store.Now(ctx)
		if err != nil {
			return kernel.List[*Summary]{}, err
		}
		f.QualifiedOn = now.In(calendar.Beijing).Format(kernel.DateLayout)
	}
	rows, total, err := r.Store.FindAgencies(ctx, f)
	if err != nil {
		return kernel.List[*Summary]{}, err
	}
	return kernel.NewList(rows, total, f.Page), nil
}

// UpdateProfile applies an agency's edit of its own profile. New service
// items must be in the catalogue and retained; an item the agency already
// offered stays allowed after it was abolished, so that an edit of the
// description does not fail because of it.
func (r *Registry) UpdateProfile(ctx context.Context, actor kernel.Actor, p Patch) (*Agency, error) {
	if err := kernel.Authorize(actor, kernel.ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	var out *Agency
	err := r.InTx(ctx, func(s Tx) error {
		a, err := lockActive(ctx, s, actor.ID)
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
				it, err := s.LookupItem(ctx, code)
				if kernel.ErrorCode(err) == kernel.ENOTFOUND {
					return kernel.FieldError("service_items", "unknown_item", "%q is not a service item code of the catalogue.", code)
				} else if err != nil {
					return err
				}
				if it.Abolished && !offered[code] {
					return kernel.FieldError("service_items", "item_abolished", "Service item %s (%s) has been abolished and cannot be offered.", code, it.Name)
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
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.profile_updated", "agency", strconv.FormatInt(a.ID, 10),
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

// Exit is an agency's voluntary exit (退出). It is refused while the
// agency has an open bid, award or contract, and for a suspended or
// blacklisted agency (exit is not a way out of a sanction). The account
// keeps its login and all its history; the profile shows the exit date.
func (r *Registry) Exit(ctx context.Context, actor kernel.Actor) (*Agency, error) {
	if err := kernel.Authorize(actor, kernel.ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	err := r.InTx(ctx, func(s Tx) error {
		a, err := s.FindAgency(ctx, actor.ID, true)
		if err != nil {
			return err
		}
		switch a.Status {
		case kernel.StatusExited:
			return kernel.Errorf(kernel.ECONFLICT, "agency_already_exited", "This agency already exited on %s.", a.ExitedAt.In(calendar.Beijing).Format(kernel.DateLayout))
		case kernel.StatusActive:
		default:
			return ErrNotActive
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
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.exited", "agency", strconv.FormatInt(a.ID, 10),
			map[string]any{"exited_at": now}))
	})
	if err != nil {
		return nil, err
	}
	return r.GetAgency(ctx, actor, actor.ID)
}

func openEngagementsError(open []OpenEngagement) *kernel.Error {
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

// Rejoin is an exited agency's return (重新入驻), asked through its own
// login: the same account comes back active with its whole history
// (信用管终身). Registration never does this: the directory publishes every
// USCC, so holding one proves nothing.
func (r *Registry) Rejoin(ctx context.Context, actor kernel.Actor) (*Agency, error) {
	if err := kernel.Authorize(actor, kernel.ActAgencyOwnProfile); err != nil {
		return nil, err
	}
	err := r.InTx(ctx, func(s Tx) error {
		a, err := s.FindAgency(ctx, actor.ID, true)
		if err != nil {
			return err
		}
		if a.Status != kernel.StatusExited {
			return ErrNotExited
		}
		if err := s.SetAgencyRejoined(ctx, a.ID); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "agency.rejoined", "agency", strconv.FormatInt(a.ID, 10),
			map[string]any{"exited_at": a.ExitedAt}))
	})
	if err != nil {
		return nil, err
	}
	return r.GetAgency(ctx, actor, actor.ID)
}
