package domain

import (
	"time"

	"marketplace/domain/market"
)

// Bid eligibility (资格): the facts about an agency, the reasons of a
// refusal and the one rule that decides live in domain/market.

// AgencyFacts is what the platform knows about an agency bidding on one
// project (market).
type AgencyFacts = market.AgencyFacts

// AffiliationCoolingOff is how long a withdrawn affiliation still bars the
// agency from the department's projects (market).
const AffiliationCoolingOff = market.AffiliationCoolingOff

// Eligibility reasons (market).
const (
	IneligibleNotAgency     = market.IneligibleNotAgency
	IneligibleInactive      = market.IneligibleInactive
	IneligibleItem          = market.IneligibleItem
	IneligibleQualification = market.IneligibleQualification
	IneligibleAvoided       = market.IneligibleAvoided
	IneligibleAffiliated    = market.IneligibleAffiliated
	IneligibleOwner         = market.IneligibleOwner
)

// EligibilityError returns nil when the agency may bid on p (market).
func EligibilityError(p *Project, f *AgencyFacts, now time.Time) error {
	return market.EligibilityError(p, f, now)
}
