package domain

import (
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
)

// The project itself lives in domain/market (market.Project, its own
// checks, its public view); the checks that need the catalogue or the
// clock stay here (project_service.go, investment_code.go).

// validateProjectItem checks the rules that need the catalogue: the item
// must be retained, and the service period must fit its statutory time
// limit.
func validateProjectItem(p *market.Project, it *catalogue.Item) error {
	if it.Status != catalogue.Retained {
		return FieldError("item_code", "item_abolished", "The service item %s (%s) is abolished and cannot be used for new projects.", it.Code, it.Name)
	}
	if p.ServiceDays > it.TimeLimitDays {
		return FieldError("service_days", "service_days_exceed_limit", "service_days (%d) exceeds the item's time limit of %d days (办理时限).", p.ServiceDays, it.TimeLimitDays)
	}
	return nil
}
