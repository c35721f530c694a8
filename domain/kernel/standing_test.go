package kernel_test

import (
	"testing"
	"time"

	"marketplace/domain/kernel"
)

func TestAgencyBarred(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	past, future := t0.Add(-time.Second), t0.Add(time.Second)
	tests := []struct {
		status string
		until  *time.Time
		want   bool
	}{
		{"active", nil, false}, {"suspended", &future, true}, {"suspended", &past, false},
		{"blacklisted", &future, true}, {"blacklisted", &t0, false}, {"exited", nil, true}, {"suspended", nil, true},
	}
	for _, tc := range tests {
		if got := kernel.AgencyBarred(tc.status, tc.until, t0); got != tc.want {
			t.Errorf("AgencyBarred(%s, %v) = %v, want %v", tc.status, tc.until, got, tc.want)
		}
	}
}
