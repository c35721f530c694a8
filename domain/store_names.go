package domain

import (
	"context"

	"marketplace/domain/agency"
)

// NamesStore reads what pages need to show names instead of internal
// numbers, and the lists that filters offer instead of codes to type.
type NamesStore interface {
	// FindRegions lists the distinct region names of published projects
	// (RegionsOfProjects) or of agencies (RegionsOfAgencies).
	FindRegions(ctx context.Context, of string) ([]string, error)
	// FindAgencyRefs finds agencies whose name contains q or whose USCC is
	// q, best matches first (exact name or USCC), at most limit.
	FindAgencyRefs(ctx context.Context, q string, limit int) ([]agency.Ref, error)
	// FindNames reads the titles of projects and the names of accounts by
	// id, in one statement.
	FindNames(ctx context.Context, projectIDs, accountIDs []int64) (Names, error)
}
