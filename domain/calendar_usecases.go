package domain

import (
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

// CalendarAdmin builds the calendar's use cases from the current fields.
func (m *Marketplace) CalendarAdmin() *calendar.Admin {
	return &calendar.Admin{Store: m.Store, InTx: txOf(m.Store, func(s Store) calendar.OverrideTx { return s }), Live: m.Calendar, Log: m.logger()}
}
