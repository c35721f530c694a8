package domain

import "marketplace/domain/market"

// The project itself lives in domain/market (market.Project, its own
// checks, its public view). These aliases keep the names api/, web/, jobs/,
// storage/ and the use cases here already write; the checks that need the
// catalogue or the clock stay here (project_service.go, investment_code.go).

// Types of a project (market).
type (
	Project        = market.Project
	ProjectInput   = market.ProjectInput
	ProjectFilter  = market.ProjectFilter
	ProjectContact = market.ProjectContact
	Avoid          = market.Avoid
	AuctionSummary = market.AuctionSummary
)

// DefaultMinBids is the minimum number of valid bids when the owner sets none (market).
const DefaultMinBids = market.DefaultMinBids

// OCIDPrefix is the Open Contracting identifier prefix of this platform (market).
const OCIDPrefix = market.OCIDPrefix

// ProjectNumberPrefix starts every readable project number (项目编号, market).
const ProjectNumberPrefix = market.ProjectNumberPrefix

// OCIDFor returns the Open Contracting identifier of project id (market).
func OCIDFor(id int64) string { return market.OCIDFor(id) }

// CanOwnProjects reports whether accounts of role may post projects (market).
func CanOwnProjects(role string) bool { return market.CanOwnProjects(role) }

// NewProject checks in against the rules that need no clock and returns a
// draft owned by owner (market).
func NewProject(owner Actor, in ProjectInput) (*Project, error) { return market.NewProject(owner, in) }

// validateProjectItem checks the rules that need the catalogue: the item
// must be retained, and the service period must fit its statutory time
// limit.
func validateProjectItem(p *Project, it *Item) error {
	if it.Status != ItemRetained {
		return FieldError("item_code", "item_abolished", "The service item %s (%s) is abolished and cannot be used for new projects.", it.Code, it.Name)
	}
	if p.ServiceDays > it.TimeLimitDays {
		return FieldError("service_days", "service_days_exceed_limit", "service_days (%d) exceeds the item's time limit of %d days (办理时限).", p.ServiceDays, it.TimeLimitDays)
	}
	return nil
}
