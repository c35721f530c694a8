package storage_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/credit"
	"marketplace/storage/storagetest"
)

// One suspended agency with a live violation and an expired late delivery,
// read back through the credit record, the monitor and the inspection pool.
func TestDB_CreditRecordAndMonitor(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	a := mustAccount(t, db, domain.RoleAgency, "credit-agency")
	ag, err := db.FindAgency(ctx, a.ID, false)
	if err != nil {
		t.Fatal(err)
	}
	ag.Region = "广东省广州市"
	if err := db.UpdateAgencyProfile(ctx, ag); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	day := 24 * time.Hour
	for _, ev := range []*credit.Event{
		{AgencyID: a.ID, Kind: "late_delivery", Points: -5, Source: "scheduler", CreatedAt: now.Add(-400 * day), ExpiresAt: at(-day)},
		{AgencyID: a.ID, Kind: "violation", Points: -10, Source: "department", CreatedAt: now.Add(-10 * day), ExpiresAt: at(365 * day)},
		{AgencyID: a.ID, Kind: "suspended", Source: "system", Reason: "too many violations", CreatedAt: now.Add(-day), Until: at(30 * day)},
	} {
		if err := db.InsertCreditEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.ExpiredCreditPoints(ctx, a.ID, now.Add(-2*day), now); err != nil || n != -5 {
		t.Fatalf("expired points = %d, %v; want -5", n, err)
	}
	if n, err := db.CountViolationEvents(ctx, a.ID, now.Add(-30*day), []string{"violation"}); err != nil || n != 1 {
		t.Fatalf("violations = %d, %v; want 1", n, err)
	}
	var evs []*credit.Event
	evs, err = db.FindCreditEvents(ctx, a.ID, 2)
	if err != nil || len(evs) != 2 || evs[0].Kind != "suspended" || evs[1].Kind != "violation" {
		t.Fatalf("latest events = %v, %v; want suspended, violation", evs, err)
	}
	if ev, err := db.LatestStatusEvent(ctx, a.ID); err != nil || ev == nil || ev.Kind != "suspended" {
		t.Fatalf("status event = %v, %v; want suspended", ev, err)
	}
	err = db.InTx(ctx, func(st domain.Store) error {
		s, err := st.FindCreditStanding(ctx, a.ID, true)
		if err != nil {
			return err
		}
		s.Status, s.Points, s.Score, s.Grade, s.AsOf, s.SuspendedUntil = domain.StatusSuspended, -10, 90, "B", now, at(30*day)
		return st.SaveCreditStanding(ctx, s)
	})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := db.FindCreditStanding(ctx, a.ID, false); err != nil || s.Status != domain.StatusSuspended || s.Score != 90 {
		t.Fatalf("standing = %+v, %v; want suspended at 90", s, err)
	}

	sanctioned, total, err := db.FindSanctioned(ctx, domain.StatusSuspended, domain.Page{Page: 1, PerPage: 10})
	if err != nil || total != 1 || len(sanctioned) != 1 || sanctioned[0].Reason != "too many violations" {
		t.Fatalf("sanctioned = %v (total %d), %v", sanctioned, total, err)
	}
	m, err := db.CreditMonitor(ctx, credit.MonitorFilter{Region: "广东"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if m.Grades.Total != 1 || m.Grades.B != 1 || m.Grades.Suspended != 1 || len(m.ByRegion) != 1 || len(m.Suspensions) != 1 {
		t.Fatalf("monitor grades %+v, regions %v, suspensions %d", m.Grades, m.ByRegion, len(m.Suspensions))
	}
	if len(m.Drops30) != 1 || m.Drops30[0].Points != -10 || len(m.Drops90) != 1 {
		t.Fatalf("monitor drops: 30 days %v, 90 days %v", m.Drops30, m.Drops90)
	}
	if m, err := db.CreditMonitor(ctx, credit.MonitorFilter{Region: "北京"}, now); err != nil || m.Grades.Total != 0 || len(m.Drops30) != 0 {
		t.Fatalf("another region's monitor = %+v, %v", m, err)
	}
	rows, err := db.FindCreditRows(ctx, credit.MonitorFilter{}, now)
	if err != nil || len(rows) != 1 || rows[0].Drop30 != -10 || rows[0].Drop90 != -10 {
		t.Fatalf("credit rows = %v, %v", rows, err)
	}
	if ids, err := db.InspectionPool(ctx, "", "广东"); err != nil || len(ids) != 1 || ids[0] != a.ID {
		t.Fatalf("inspection pool = %v, %v", ids, err)
	}

	if last, err := db.LastCreditRecompute(ctx); err != nil || last != nil {
		t.Fatalf("last recompute before any = %v, %v", last, err)
	}
	if err := db.RecordCreditRecompute(ctx, now, 3); err != nil {
		t.Fatal(err)
	}
	if last, err := db.LastCreditRecompute(ctx); err != nil || last == nil || !last.Equal(now) {
		t.Fatalf("last recompute = %v, %v; want %v", last, err, now)
	}
}

func TestDB_RiskMarks(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	if at, err := db.RiskMark(ctx, "history"); err != nil || !at.IsZero() {
		t.Fatalf("unset mark = %v, %v", at, err)
	}
	first := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, at := range []time.Time{first, first.Add(time.Hour)} {
		if err := db.SetRiskMark(ctx, "history", at); err != nil {
			t.Fatal(err)
		}
	}
	if at, err := db.RiskMark(ctx, "history"); err != nil || !at.Equal(first.Add(time.Hour)) {
		t.Fatalf("mark = %v, %v; want the second", at, err)
	}
}
