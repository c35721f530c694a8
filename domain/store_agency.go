package domain

import "marketplace/domain/agency"

// AgencyStore persists agency profiles, items, qualifications and
// affiliations: agency.ProfileStore, declared where its use cases are.
type AgencyStore = agency.ProfileStore
