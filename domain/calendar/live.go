package calendar

import "sync/atomic"

// Live is the calendar the marketplace counts on while it runs: the
// official data and the overrides administrators add, swapped in whole
// when they change so that a reader never sees half an update and no
// transaction waits for it.
type Live struct {
	base Exceptions
	cur  atomic.Pointer[Merged]
}

// NewLive starts a live calendar on base (nil: weekends only) without overrides.
func NewLive(base Exceptions) *Live {
	l := &Live{base: base}
	l.cur.Store(New(base, nil))
	return l
}

// SetOverrides replaces the overrides.
func (l *Live) SetOverrides(overrides []Day) { l.cur.Store(New(l.base, overrides)) }

// Current is the calendar as it stands.
func (l *Live) Current() *Merged { return l.cur.Load() }

// IsWorkingDay implements Calendar.
func (l *Live) IsWorkingDay(d Date) bool { return l.Current().IsWorkingDay(d) }
