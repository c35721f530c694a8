package domain

import (
	"marketplace/domain/calendar"
)

// CalendarAdmin builds the calendar's use cases from the current fields.
func (m *Marketplace) CalendarAdmin() *calendar.Admin {
	return &calendar.Admin{Store: m.Store, InTx: txOf(m.Store, func(s Store) calendar.OverrideTx { return s }), Live: m.Calendar, Log: m.logger()}
}
