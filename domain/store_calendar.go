package domain

import (
	"context"
	"time"

	"marketplace/domain/calendar"
)

// CalendarStore persists the administrators' overrides of the working-day
// calendar (a year the official data does not cover, a local closure).
type CalendarStore interface {
	// FindCalendarOverrides returns every override in date order.
	FindCalendarOverrides(ctx context.Context) ([]CalendarOverride, error)
	// SaveCalendarOverride inserts the override of its date, or replaces it.
	SaveCalendarOverride(ctx context.Context, o CalendarOverride) error
}

// CalendarOverride is one administrator's entry in the calendar: the day,
// whether it is a working day, why, and who set it when.
type CalendarOverride struct {
	calendar.Day
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}
