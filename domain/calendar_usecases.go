package domain

import (
	"context"

	"marketplace/domain/calendar"
)

// The administrators' overrides of the working-day calendar live in
// domain/calendar. These aliases keep the names api/, web/ and storage/
// write.
type (
	CalendarYear          = calendar.YearView
	CalendarOverride      = calendar.Override
	CalendarOverrideInput = calendar.OverrideInput
	// CalendarStore persists the administrators' overrides.
	CalendarStore = calendar.OverrideStore
)

// MaxCalendarReasonRunes bounds the reason an override gives.
const MaxCalendarReasonRunes = calendar.MaxOverrideReasonRunes

// calendarAdmin builds the calendar's use cases from the current fields.
func (m *Marketplace) calendarAdmin() *calendar.Admin {
	return &calendar.Admin{Store: m.Store, InTx: txOf(m.Store, func(s Store) calendar.OverrideTx { return s }), Live: m.Calendar, Log: m.logger()}
}

// GetCalendarYear returns the working-day calendar of year, as the
// marketplace counts it now.
func (m *Marketplace) GetCalendarYear(ctx context.Context, year int) (*CalendarYear, error) {
	return m.calendarAdmin().Year(ctx, year)
}

// SetCalendarOverride records an administrator's override of one day.
func (m *Marketplace) SetCalendarOverride(ctx context.Context, actor Actor, in CalendarOverrideInput) (*CalendarOverride, error) {
	return m.calendarAdmin().SetOverride(ctx, actor, in)
}

// RefreshCalendar loads the overrides into the live calendar (at start,
// after an administrator's change).
func (m *Marketplace) RefreshCalendar(ctx context.Context) error {
	return m.calendarAdmin().Refresh(ctx)
}
