package domain

// AgencyStore persists agency profiles, items, qualifications, affiliations (agencies issue).
type AgencyStore interface{}
