package market

import (
	"time"

	"marketplace/domain/kernel"
)

// AgencyFacts is what the platform knows about an agency at the moment it
// bids on one project: the store reads it in the bid's transaction, after
// the project row is locked, and EligibilityError alone decides. The seed
// leaves no room for anything else (执业限制一律取消): status, the item,
// the item's statutory qualification, and conflicts of interest.
type AgencyFacts struct {
	AgencyID int64
	Exists   bool
	Role     string
	Status   string
	// SuspendedUntil ends a suspension or blacklisting (nil: none).
	SuspendedUntil *time.Time
	// OffersItem: the agency lists the project's service item.
	OffersItem bool
	// ItemQualification is the statutory qualification the catalogue names
	// for the item, or "" when it names none.
	ItemQualification string
	// HasValidQualification: a qualification for the item valid on the
	// platform's date and not flagged false.
	HasValidQualification bool
	// Avoided: the owner named the agency on the project's avoid list.
	Avoided bool
	// AffiliatedWithOwner: the agency declares an affiliation with the
	// owning department, or withdrew one within AffiliationCoolingOff.
	AffiliatedWithOwner bool
}

// AffiliationCoolingOff is how long a withdrawn affiliation still bars the
// agency from the department's projects (a year, like the usual 脱钩
// cooling-off for former staff): withdrawing the declaration the day before
// a bid must not open the door.
const AffiliationCoolingOff = 365 * 24 * time.Hour

// Eligibility reasons (the error Reason of a refused bid, and a bid's
// invalid_reason when the close finds the agency no longer eligible).
const (
	IneligibleNotAgency     = "not_an_agency"
	IneligibleInactive      = "agency_not_active"
	IneligibleItem          = "item_not_offered"
	IneligibleQualification = "qualification_missing"
	IneligibleAvoided       = "agency_avoided"
	IneligibleAffiliated    = "agency_affiliated"
	IneligibleOwner         = "bidder_is_owner"
)

// EligibilityError returns nil when the agency may bid on p, or an EFORBIDDEN
// error whose Reason is one of the Ineligible* codes.
// A suspension or blacklisting whose period has ended no longer bars the
// agency, even before the reinstatement job has run.
func EligibilityError(p *Project, f *AgencyFacts, now time.Time) error {
	switch {
	case f == nil || !f.Exists || f.Role != kernel.RoleAgency:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleNotAgency, "Only agency accounts can bid.")
	case f.AgencyID == p.OwnerID:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleOwner, "The owner cannot bid on its own project.")
	case f.Status != kernel.StatusActive && kernel.AgencyBarred(f.Status, f.SuspendedUntil, now):
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleInactive, "The agency is %s and cannot bid.", f.Status)
	case !f.OffersItem:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleItem, "The agency does not offer the service item %s; add it to the profile first.", p.ItemCode)
	case f.ItemQualification != "" && !f.HasValidQualification:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleQualification, "The item requires the statutory qualification %q, and the agency holds no valid one.", f.ItemQualification)
	case f.Avoided:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleAvoided, "The owner asked this agency to stand aside (回避) on this project; the reason is published with the project.")
	case p.Funding == FundingBudget && f.AffiliatedWithOwner:
		return kernel.Errorf(kernel.EFORBIDDEN, IneligibleAffiliated, "The agency declared an affiliation with the owning department and cannot bid on its projects (脱钩).")
	}
	return nil
}
