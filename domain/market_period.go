package domain

import (
	"time"

	"marketplace/domain/market"
)

// Period is market.Period: a configured time limit of the lifecycle, a
// length of time or a number of working days.
type Period = market.Period

// PeriodOf is the period of exactly d (market).
func PeriodOf(d time.Duration) Period { return market.PeriodOf(d) }

// WorkingDays is the period of n working days (market).
func WorkingDays(n int) Period { return market.WorkingDays(n) }

// ParsePositiveDuration reads a length of time in Go syntax that must be
// more than zero (market).
func ParsePositiveDuration(s string) (time.Duration, error) { return market.ParsePositiveDuration(s) }
