package domain

import (
	"context"

	"marketplace/domain/concentration"
)

// ConcentrationStore reads what the market concentration monitor measures.
type ConcentrationStore interface {
	// FindConcentrationAwards lists every standing award (publicity over,
	// whatever came after) with its item, region, year and amount, in one
	// set-based query; item ("": any) and the years (0: unbounded) narrow
	// it. The year is the year bidding closed, in Asia/Shanghai.
	FindConcentrationAwards(ctx context.Context, item string, fromYear, toYear int) ([]concentration.Award, error)
}
