package credit_test

import (
	"encoding/json"
	"testing"
	"time"

	"marketplace/domain/credit"
)

var creditT0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestEvaluationPoints(t *testing.T) {
	tests := []struct {
		q, tm, a, f int
		want        int
	}{
		{5, 5, 5, 5, 2},  // default rating
		{5, 5, 4, 4, 2},  // avg 4.5
		{5, 4, 4, 4, 1},  // avg 4.25
		{4, 4, 4, 4, 1},  // avg 4.0
		{4, 4, 4, 3, 0},  // avg 3.75
		{3, 3, 3, 3, 0},  // avg 3.0
		{3, 3, 3, 2, -2}, // avg 2.75
		{2, 2, 2, 2, -2}, // avg 2.0
		{2, 2, 2, 1, -5}, // avg 1.75
		{1, 1, 1, 1, -5},
		{9, 9, 9, 9, 2},  // clamped to 5
		{0, 0, 0, 0, -5}, // clamped to 1
	}
	for _, tc := range tests {
		if got := credit.EvaluationPoints(tc.q, tc.tm, tc.a, tc.f); got != tc.want {
			t.Errorf("EvaluationPoints(%d,%d,%d,%d) = %d, want %d", tc.q, tc.tm, tc.a, tc.f, got, tc.want)
		}
	}
}

func TestCreditScoreAndGrade(t *testing.T) {
	tests := []struct {
		points int
		score  int
		grade  string
	}{
		{0, 100, "A"}, {-10, 90, "A"}, {-11, 89, "B"}, {-25, 75, "B"}, {-26, 74, "C"},
		{-40, 60, "C"}, {-41, 59, "D"}, {-150, 0, "D"}, {30, 120, "A"}, {-100, 0, "D"},
	}
	for _, tc := range tests {
		score := credit.Score(tc.points)
		if score != tc.score || credit.Grade(score) != tc.grade {
			t.Errorf("points %d: got %d %s, want %d %s", tc.points, score, credit.Grade(score), tc.score, tc.grade)
		}
	}
}

func TestCreditPointsAndExpiry(t *testing.T) {
	tests := []struct {
		kind     string
		severity int
		want     int
		wantErr  bool
	}{
		{credit.KindLateDelivery, 0, -3, false}, {credit.KindSigningRefused, 0, -5, false},
		{credit.KindObjection, 0, -5, false}, {credit.KindViolation, 1, -5, false},
		{credit.KindViolation, 2, -15, false}, {credit.KindViolation, 3, -30, false},
		{credit.KindViolation, 4, 0, true}, {credit.KindFalseMaterials, 0, -30, false},
		{credit.KindCollusion, 0, -40, false}, {credit.KindInspection, 0, -10, false},
		{credit.KindSuspended, 0, 0, false}, {"bogus", 0, 0, true},
	}
	for _, tc := range tests {
		got, err := credit.Points(tc.kind, tc.severity)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("Points(%s, %d) = %d, %v; want %d, err %v", tc.kind, tc.severity, got, err, tc.want, tc.wantErr)
		}
	}
	if exp := credit.Expiry(-5, creditT0); exp == nil || !exp.Equal(creditT0.AddDate(2, 0, 0)) {
		t.Errorf("deduction expiry = %v, want 24 months later", exp)
	}
	if exp := credit.Expiry(2, creditT0); exp != nil {
		t.Errorf("positive points expire at %v, want never", exp)
	}
}

func TestCreditStanding_Advance(t *testing.T) {
	st := &credit.Standing{Points: -150}
	st.Advance(creditT0, 0, 2)
	if st.Points != -148 || st.Score != 0 || st.Grade != "D" {
		t.Errorf("clamped sum is kept unclamped: %+v", st)
	}
	st.Advance(creditT0.Add(time.Hour), -150, 0) // the −150 expired
	if st.Points != 2 || st.Score != 102 || st.Grade != "A" || !st.AsOf.Equal(creditT0.Add(time.Hour)) {
		t.Errorf("after expiry: %+v", st)
	}
	exp := creditT0.Add(time.Hour)
	ev := &credit.Event{Points: -10, ExpiresAt: &exp}
	if got := credit.VoidDelta(ev, creditT0); got != 10 {
		t.Errorf("void before expiry = %d, want 10", got)
	}
	if got := credit.VoidDelta(ev, exp); got != 0 {
		t.Errorf("void at expiry = %d, want 0", got)
	}
}

func TestExitRule(t *testing.T) {
	later := creditT0.AddDate(2, 0, 0)
	soon := creditT0.AddDate(0, 1, 0)
	tests := []struct {
		name     string
		st       credit.Standing
		kind     string
		points   int
		recent   int
		wantKind string
		wantTo   time.Time
	}{
		{"deduction into D suspends 6 months", credit.Standing{Status: "active", Grade: "D"}, credit.KindLateDelivery, -3, 0, credit.KindSuspended, creditT0.AddDate(0, 6, 0)},
		{"deduction staying above D does nothing", credit.Standing{Status: "active", Grade: "C"}, credit.KindLateDelivery, -3, 0, "", time.Time{}},
		{"positive event in D does nothing", credit.Standing{Status: "active", Grade: "D"}, credit.KindEvaluation, 2, 0, "", time.Time{}},
		{"reinstatement (0 points) in D does nothing", credit.Standing{Status: "active", Grade: "D"}, credit.KindReinstated, 0, 0, "", time.Time{}},
		{"third violation in 12 months suspends 12 months", credit.Standing{Status: "active", Grade: "B"}, credit.KindViolation, -5, 3, credit.KindSuspended, creditT0.AddDate(0, 12, 0)},
		{"second violation does nothing", credit.Standing{Status: "active", Grade: "B"}, credit.KindViolation, -5, 2, "", time.Time{}},
		{"third violation in D takes the longer 12 months", credit.Standing{Status: "active", Grade: "D"}, credit.KindViolation, -5, 3, credit.KindSuspended, creditT0.AddDate(0, 12, 0)},
		{"false materials blacklists 3 years", credit.Standing{Status: "active", Grade: "B"}, credit.KindFalseMaterials, -30, 1, credit.KindBlacklisted, creditT0.AddDate(3, 0, 0)},
		{"collusion blacklists a suspended agency", credit.Standing{Status: "suspended", Grade: "D", SuspendedUntil: &soon}, credit.KindCollusion, -40, 1, credit.KindBlacklisted, creditT0.AddDate(3, 0, 0)},
		{"suspension never replaces a blacklist", credit.Standing{Status: "blacklisted", Grade: "D", SuspendedUntil: &later}, credit.KindLateDelivery, -3, 0, "", time.Time{}},
		{"a longer running suspension is kept", credit.Standing{Status: "suspended", Grade: "D", SuspendedUntil: &later}, credit.KindLateDelivery, -3, 0, "", time.Time{}},
		{"a shorter running suspension is extended", credit.Standing{Status: "suspended", Grade: "D", SuspendedUntil: &soon}, credit.KindLateDelivery, -3, 0, credit.KindSuspended, creditT0.AddDate(0, 6, 0)},
		{"exited stays exited", credit.Standing{Status: "exited", Grade: "D"}, credit.KindCollusion, -40, 1, "", time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.st
			act := credit.ExitRule(&st, &credit.Event{Kind: tc.kind, Points: tc.points}, tc.recent, creditT0)
			switch {
			case tc.wantKind == "" && act != nil:
				t.Errorf("got %+v, want nothing", act)
			case tc.wantKind != "" && act == nil:
				t.Errorf("got nothing, want %s", tc.wantKind)
			case act != nil && (act.Kind != tc.wantKind || !act.Until.Equal(tc.wantTo)):
				t.Errorf("got %s until %v, want %s until %v", act.Kind, act.Until, tc.wantKind, tc.wantTo)
			}
		})
	}
}

func TestSeverity_UnmarshalJSON(t *testing.T) {
	tests := []struct {
		in      string
		want    credit.Severity
		wantErr bool
	}{{`2`, 2, false}, {`"grave"`, 3, false}, {`"Minor"`, 1, false}, {`"awful"`, 0, true}, {`true`, 0, true}}
	for _, tc := range tests {
		var s credit.Severity
		err := json.Unmarshal([]byte(tc.in), &s)
		if (err != nil) != tc.wantErr || s != tc.want {
			t.Errorf("%s: got %d, %v", tc.in, s, err)
		}
	}
}

func TestDrawInspection(t *testing.T) {
	pool := []int64{3, 5, 8, 13, 21, 34, 55}
	seed := credit.InspectionSeed(7, creditT0, pool)
	a1, ins1 := credit.DrawInspection(seed, pool, 3, []string{"甲", "乙", "丙"}, 2)
	a2, ins2 := credit.DrawInspection(seed, pool, 3, []string{"甲", "乙", "丙"}, 2)
	if len(a1) != 3 || len(ins1[0]) != 2 {
		t.Fatalf("draw sizes: %v %v", a1, ins1)
	}
	seen := map[int64]bool{}
	for i := range a1 {
		if a1[i] != a2[i] || ins1[i][0] != ins2[i][0] || ins1[i][1] != ins2[i][1] {
			t.Fatalf("draw not deterministic: %v/%v %v/%v", a1, a2, ins1, ins2)
		}
		if seen[a1[i]] || ins1[i][0] == ins1[i][1] {
			t.Fatalf("duplicates in draw: %v %v", a1, ins1)
		}
		seen[a1[i]] = true
	}
	if other := credit.InspectionSeed(8, creditT0, pool); other == seed {
		t.Error("seed does not depend on the inspection id")
	}
	// Every agency is drawn first about equally often over many seeds.
	counts := map[int64]int{}
	for i := int64(0); i < 7000; i++ {
		a, _ := credit.DrawInspection(credit.InspectionSeed(i, creditT0, pool), pool, 1, []string{"甲"}, 1)
		counts[a[0]]++
	}
	for _, p := range pool {
		if counts[p] < 850 || counts[p] > 1150 {
			t.Errorf("agency %d drawn %d times of 7000, want about 1000", p, counts[p])
		}
	}
}
