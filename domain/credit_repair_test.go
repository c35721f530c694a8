package domain

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
		{CreditLateDelivery, -3, true, RepairClassMinor, 0},
		{CreditViolation, -5, true, RepairClassMinor, 0},
		{CreditEvaluation, -5, true, RepairClassMinor, 0},
		{CreditViolation, -15, true, RepairClassSerious, -7},
		{CreditViolation, -30, true, RepairClassSerious, -15},
		{CreditInspection, -10, true, RepairClassSerious, -5},
		{CreditFalseCommitment, -20, true, RepairClassSerious, -10},
		{CreditCollusion, -40, false, "", 0},
		{CreditFalseMaterials, -30, false, "", 0},
		{CreditEvaluation, 2, false, "", 0},
		{CreditSuspended, 0, false, "", 0},
	}
	for _, tc := range cases {
		p, ok := RepairPolicyFor(&CreditEvent{Kind: tc.kind, Points: tc.points})
		if ok != tc.repairable || (ok && (p.Class != tc.class || p.EffectivePoints(tc.points) != tc.effective)) {
			t.Errorf("%s %d: policy %+v %v, want %v %s %d", tc.kind, tc.points, p, ok, tc.repairable, tc.class, tc.effective)
		}
	}
	minor, _ := RepairPolicyFor(&CreditEvent{Kind: CreditViolation, Points: -5})
	if got := minor.EarliestRepair(at); !got.Equal(at.AddDate(0, 3, 0)) {
		t.Errorf("minor earliest = %v", got)
	}
	exp := at.AddDate(0, DeductionExpiryMonths, 0)
	ev := &CreditEvent{Points: -15, ExpiresAt: &exp}
	if d := RepairDelta(ev, -7, at); d != 8 {
		t.Errorf("delta while counting = %d, want 8", d)
	}
	if d := RepairDelta(ev, -7, exp); d != 0 {
		t.Errorf("delta after expiry = %d, want 0", d)
	}
}

func TestCommitment_Digest(t *testing.T) {
	// SHA-256 of "abc" (FIPS 180-2 test vector).
	if got := CommitmentDigest("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("digest = %s", got)
	}
}
