package credit

import (
	"testing"
	"time"
)

func TestCreditRepair_Policies(t *testing.T) {
	at := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		kind       string
		points     int
		repairable bool
		class      string
		effective  int
	}{
		{KindLateDelivery, -3, true, RepairClassMinor, 0},
		{KindViolation, -5, true, RepairClassMinor, 0},
		{KindEvaluation, -5, true, RepairClassMinor, 0},
		{KindViolation, -15, true, RepairClassSerious, -7},
		{KindViolation, -30, true, RepairClassSerious, -15},
		{KindInspection, -10, true, RepairClassSerious, -5},
		{KindFalseCommitment, -20, true, RepairClassSerious, -10},
		{KindCollusion, -40, false, "", 0},
		{KindFalseMaterials, -30, false, "", 0},
		{KindEvaluation, 2, false, "", 0},
		{KindSuspended, 0, false, "", 0},
	}
	for _, tc := range cases {
		p, ok := RepairPolicyFor(&Event{Kind: tc.kind, Points: tc.points})
		if ok != tc.repairable || (ok && (p.Class != tc.class || p.EffectivePoints(tc.points) != tc.effective)) {
			t.Errorf("%s %d: policy %+v %v, want %v %s %d", tc.kind, tc.points, p, ok, tc.repairable, tc.class, tc.effective)
		}
	}
	minor, _ := RepairPolicyFor(&Event{Kind: KindViolation, Points: -5})
	if got := minor.EarliestRepair(at); !got.Equal(at.AddDate(0, 3, 0)) {
		t.Errorf("minor earliest = %v", got)
	}
	exp := at.AddDate(0, DeductionExpiryMonths, 0)
	ev := &Event{Points: -15, ExpiresAt: &exp}
	if d := RepairDelta(ev, -7, at); d != 8 {
		t.Errorf("delta while counting = %d, want 8", d)
	}
	if d := RepairDelta(ev, -7, exp); d != 0 {
		t.Errorf("delta after expiry = %d, want 0", d)
	}
}
