package domain

import "marketplace/domain/agency"

// The agency context lives in domain/agency. These aliases keep the names
// api/, web/, jobs/, storage/ and the use cases here already write.

// Types of the agency context.
type (
	Agency             = agency.Agency
	CreditSummary      = agency.CreditSummary
	AgencySummary      = agency.Summary
	AgencyFilter       = agency.Filter
	AgencyPatch        = agency.Patch
	Department         = agency.Department
	Affiliation        = agency.Affiliation
	AffiliationInput   = agency.AffiliationInput
	Qualification      = agency.Qualification
	QualificationInput = agency.QualificationInput
	QualificationFlag  = agency.QualificationFlag
	OpenEngagement     = agency.OpenEngagement
)

// Directory sort orders (agency).
const (
	AgencySortCredit    = agency.SortCredit
	AgencySortCompleted = agency.SortCompleted
	AgencySortName      = agency.SortName
)

// Affiliation relations (agency).
const (
	RelationSubordinate  = agency.RelationSubordinate
	RelationFormerStaff  = agency.RelationFormerStaff
	RelationShareholding = agency.RelationShareholding
	RelationOther        = agency.RelationOther
)

// AgencyPickerLimit bounds the candidates a search-as-you-type offers.
const AgencyPickerLimit = agency.PickerLimit

// The limits of agency profiles and declarations (agency); the OpenAPI
// document quotes them (TestOpenAPI_LimitsMatchTheDomain).
const (
	MaxAgencyDescriptionRunes   = agency.MaxDescriptionRunes
	MaxAgencyAddressRunes       = agency.MaxAddressRunes
	MaxAgencyRegionRunes        = agency.MaxRegionRunes
	MaxAgencyContactNameRunes   = agency.MaxContactNameRunes
	MaxAgencyWebsiteRunes       = agency.MaxWebsiteRunes
	MaxAgencyServiceItems       = agency.MaxServiceItems
	MaxAffiliationNoteRunes     = agency.MaxAffiliationNoteRunes
	MaxCertificateNumberRunes   = agency.MaxCertificateNumberRunes
	MaxCertificateIssuerRunes   = agency.MaxCertificateIssuerRunes
	MaxCertificateFileNameRunes = agency.MaxCertificateFileNameRunes
	MinFlagEvidenceRunes        = agency.MinFlagEvidenceRunes
	MaxFlagEvidenceRunes        = agency.MaxFlagEvidenceRunes
)

// Errors of the agency rules (agency).
var (
	ErrAgencyNotFound         = agency.ErrNotFound
	ErrAgencyExited           = agency.ErrExited
	ErrAgencyNotExited        = agency.ErrNotExited
	ErrAgencyNotActive        = agency.ErrNotActive
	ErrNotAnAgency            = agency.ErrNotAnAgency
	ErrOpenEngagements        = agency.ErrOpenEngagements
	ErrAffiliationNotFound    = agency.ErrAffiliationNotFound
	ErrDuplicateAffiliation   = agency.ErrDuplicateAffiliation
	ErrNotADepartment         = agency.ErrNotADepartment
	ErrQualificationNotFound  = agency.ErrQualificationNotFound
	ErrQualificationFlagged   = agency.ErrQualificationFlagged
	ErrAlreadyFlagged         = agency.ErrAlreadyFlagged
	ErrDuplicateQualification = agency.ErrDuplicateQualification
)

// CanSeeAgencyPrivate reports whether actor sees an agency's private
// details (agency.CanSeePrivate).
func CanSeeAgencyPrivate(actor Actor, agencyID int64) bool {
	return agency.CanSeePrivate(actor, agencyID)
}
