package domain

// CreditStore persists credit events, scores, violations, inspections (credit issue).
type CreditStore interface{}
