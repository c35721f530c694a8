package domain

// SearchStore persists the search outbox and PostgreSQL search (search issue).
type SearchStore interface{}
