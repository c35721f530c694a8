package identity

import (
	"testing"
	"time"
)

func TestLoginCounts_Check(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 30, 0, 0, time.UTC)
	recent := now.Add(-LoginSlowdownInterval + time.Second)
	old := now.Add(-LoginSlowdownInterval)
	cases := []struct {
		name string
		c    LoginCounts
		ok   bool
	}{
		{"fresh", LoginCounts{}, true},
		{"this address at its limit", LoginCounts{AccountAddress: LoginFailuresPerAccountAddress}, false},
		{"known address at its limit", LoginCounts{AccountAddress: LoginFailuresPerAccountAddress, KnownAddress: true}, false},
		{"address guessing across accounts", LoginCounts{Address: LoginFailuresPerAddress}, false},
		{"known address behind a guessing one", LoginCounts{Address: LoginFailuresPerAddress, KnownAddress: true}, true},
		{"slowdown, too soon", LoginCounts{Account: LoginSlowdownAfter, LastAccountFailure: recent}, false},
		{"slowdown, turn come", LoginCounts{Account: LoginSlowdownAfter, LastAccountFailure: old}, true},
		{"slowdown, known address", LoginCounts{Account: 1000, LastAccountFailure: now, KnownAddress: true}, true},
		{"below the slowdown", LoginCounts{Account: LoginSlowdownAfter - 1, LastAccountFailure: now}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Check(now) == nil; got != tc.ok {
				t.Errorf("Check = %v, want allowed %v", tc.c.Check(now), tc.ok)
			}
		})
	}
}
