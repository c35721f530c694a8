package calendar_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// overrides keeps the administrators' overrides in memory.
type overrides struct {
	saved  []calendar.Override
	audits int
}

func (o *overrides) FindCalendarOverrides(context.Context) ([]calendar.Override, error) {
	return o.saved, nil
}
func (o *overrides) SaveCalendarOverride(_ context.Context, ov calendar.Override) error {
	o.saved = append(o.saved, ov)
	return nil
}
func (o *overrides) Now(context.Context) (time.Time, error) {
	return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), nil
}
func (o *overrides) AppendAudit(context.Context, kernel.AuditEntry) error { o.audits++; return nil }

// TestAdmin_SetOverride: only an administrator overrides a day, with a
// date, a choice and a reason; an override is written with its audit entry
// and the live calendar counts with it at once, and the year lists it.
func TestAdmin_SetOverride(t *testing.T) {
	ctx := context.Background()
	store := &overrides{}
	live := calendar.NewLive(nil)
	a := &calendar.Admin{Store: store, Live: live,
		InTx: func(ctx context.Context, fn func(calendar.OverrideTx) error) error { return fn(store) }}
	admin := kernel.Actor{ID: 1, Role: kernel.RoleAdmin}
	off := false
	day := calendar.Date{Year: 2031, Month: time.March, Day: 4} // a Tuesday
	in := calendar.OverrideInput{Date: day.String(), Working: &off, Reason: "地方停工"}
	for _, tc := range []struct {
		name  string
		actor kernel.Actor
		in    calendar.OverrideInput
		code  string
	}{
		{"agency", kernel.Actor{ID: 2, Role: kernel.RoleAgency}, in, kernel.EFORBIDDEN},
		{"no choice", admin, calendar.OverrideInput{Date: day.String(), Reason: "停工"}, kernel.EINVALID},
		{"no reason", admin, calendar.OverrideInput{Date: day.String(), Working: &off}, kernel.EINVALID},
		{"not a date", admin, calendar.OverrideInput{Date: "2031-02-30", Working: &off, Reason: "停工"}, kernel.EINVALID},
	} {
		if _, err := a.SetOverride(ctx, tc.actor, tc.in); kernel.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if len(store.saved)+store.audits != 0 || !live.IsWorkingDay(day) {
		t.Fatalf("refused overrides wrote %d, audited %d", len(store.saved), store.audits)
	}
	o, err := a.SetOverride(ctx, admin, in)
	if err != nil || o.CreatedBy != 1 || o.CreatedAt.IsZero() || store.audits != 1 {
		t.Fatalf("override %+v, %v, %d audits", o, err, store.audits)
	}
	if live.IsWorkingDay(day) {
		t.Error("the live calendar still counts the day as working")
	}
	y, err := a.Year(ctx, 2031)
	if err != nil || len(y.Overrides) != 1 || y.Overrides[0].Source != calendar.SourceOverride {
		t.Errorf("year %+v, %v", y, err)
	}
	if _, err := a.Year(ctx, 1800); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("year 1800: %v", err)
	}
}
