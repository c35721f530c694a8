package domain

// ValidateProjectItem exposes the catalogue check of the create use case to
// the external tests (project_test.go).
var ValidateProjectItem = validateProjectItem
