package calendar

import (
	"context"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// MaxOverrideReasonRunes bounds the reason an override gives.
const MaxOverrideReasonRunes = 200

// Override is one administrator's entry in the calendar: the day, whether
// it is a working day, why, and who set it when.
type Override struct {
	Day
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// YearView is the public working-day calendar (工作日历) of a year: the
// days that break the Monday-to-Friday pattern, official or overridden.
type YearView struct {
	Year int `json:"year"`
	// Official reports whether the built-in data includes the year's
	// State Council notice; without it only weekends and overrides count.
	Official bool  `json:"official"`
	Days     []Day `json:"days"`
	// Overrides are the administrators' entries of the year, with who and when.
	Overrides []Override `json:"overrides"`
}

// OverrideInput is an administrator's override of one day.
type OverrideInput struct {
	Date    string `json:"date"`
	Working *bool  `json:"working"`
	Reason  string `json:"reason"`
}

// OverrideStore persists the administrators' overrides (a year the
// official data does not cover, a local closure).
type OverrideStore interface {
	// FindCalendarOverrides returns every override in date order.
	FindCalendarOverrides(ctx context.Context) ([]Override, error)
	// SaveCalendarOverride inserts the override of its date, or replaces it.
	SaveCalendarOverride(ctx context.Context, o Override) error
}

// OverrideTx is an override's transaction: the store, the clock and the
// audit log.
type OverrideTx interface {
	OverrideStore
	kernel.Auditor
}

// Admin holds the calendar's use cases; domain.Marketplace builds one per
// call from its fields.
type Admin struct {
	// Store reads outside a transaction.
	Store OverrideStore
	// InTx runs a function in one transaction over OverrideTx.
	InTx kernel.TxFunc[OverrideTx]
	// Live is the calendar the running marketplace counts on; nil counts
	// weekends only and keeps no overrides.
	Live *Live
	Log  *slog.Logger
}

// current is the calendar as the marketplace counts it now.
func (a *Admin) current() *Merged {
	if a.Live == nil {
		return New(nil, nil)
	}
	return a.Live.Current()
}

// Year returns the working-day calendar of year, as the marketplace counts
// it now.
func (a *Admin) Year(ctx context.Context, year int) (*YearView, error) {
	if year < kernel.MinDateYear || year > kernel.MaxDateYear {
		return nil, kernel.FieldError("year", "calendar_year", "year must be %d to %d.", kernel.MinDateYear, kernel.MaxDateYear)
	}
	// Reloading here also brings a replica that did not take the change
	// up to date with its peers.
	all, err := a.load(ctx)
	if err != nil {
		return nil, err
	}
	out := &YearView{Year: year, Days: []Day{}, Overrides: []Override{}}
	for _, o := range all {
		if o.Date.Year == year {
			o.Source = SourceOverride
			out.Overrides = append(out.Overrides, o)
		}
	}
	cal := a.current()
	out.Official, out.Days = cal.Covers(year), append(out.Days, cal.Year(year)...)
	return out, nil
}

// SetOverride records an administrator's override of one day (a year the
// official data lacks, a local closure), audited, and makes the running
// marketplace count with it. Deadlines already set do not move.
func (a *Admin) SetOverride(ctx context.Context, actor kernel.Actor, in OverrideInput) (*Override, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	o, err := in.validate()
	if err != nil {
		return nil, err
	}
	o.CreatedBy = actor.ID
	err = a.InTx(ctx, func(s OverrideTx) error {
		if o.CreatedAt, err = s.Now(ctx); err != nil {
			return err
		}
		if err := s.SaveCalendarOverride(ctx, o); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "calendar.override_set", "calendar_day", o.Date.String(), o.Day))
	})
	if err != nil {
		return nil, err
	}
	// After the commit, never inside it: the live calendar is memory only.
	// The override is recorded either way; a failed reload is caught up by
	// the next read of the calendar, so it is logged, not returned.
	if err := a.Refresh(ctx); err != nil {
		log := a.Log
		if log == nil {
			log = slog.Default()
		}
		log.Error("calendar: reload after an override", "date", o.Date.String(), "err", err)
	}
	return &o, nil
}

// Refresh loads the overrides into the live calendar (at start, after an
// administrator's change).
func (a *Admin) Refresh(ctx context.Context) error {
	_, err := a.load(ctx)
	return err
}

// load reads the overrides and lays them over the live calendar.
func (a *Admin) load(ctx context.Context) ([]Override, error) {
	all, err := a.Store.FindCalendarOverrides(ctx)
	if err != nil {
		return nil, err
	}
	days := make([]Day, len(all))
	for i, o := range all {
		days[i] = o.Day
	}
	if a.Live != nil {
		a.Live.SetOverrides(days)
	}
	return all, nil
}

// validate checks the input and builds the override.
func (in OverrideInput) validate() (Override, error) {
	d, err := ParseDate(strings.TrimSpace(in.Date))
	if err != nil {
		return Override{}, kernel.FieldError("date", "calendar_date", "date must be a date such as 2027-10-08.")
	}
	if d.Year < kernel.MinDateYear || d.Year > kernel.MaxDateYear {
		return Override{}, kernel.FieldError("date", "date_out_of_range", "Field %q must be a date in the years %d to %d.", "date", kernel.MinDateYear, kernel.MaxDateYear)
	}
	if in.Working == nil {
		return Override{}, kernel.FieldError("working", "calendar_working", "working must be true (a working day) or false (a day off).")
	}
	reason := strings.TrimSpace(in.Reason)
	if err := kernel.CheckText("reason", reason); err != nil {
		return Override{}, err
	}
	if n := utf8.RuneCountInString(reason); n == 0 || n > MaxOverrideReasonRunes {
		return Override{}, kernel.FieldError("reason", "calendar_reason", "reason must be 1 to %d characters.", MaxOverrideReasonRunes)
	}
	return Override{Day: Day{Date: d, Working: *in.Working, Name: reason, Source: SourceOverride}}, nil
}
