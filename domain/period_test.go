package domain

import (
	"testing"
	"time"
)

func TestPeriod_UnmarshalText(t *testing.T) {
	var p Period
	if err := p.UnmarshalText([]byte("96h")); err != nil || p.Duration() != 96*time.Hour || p.String() != "96h0m0s" {
		t.Errorf("96h: %v %v", p, err)
	}
	for _, bad := range []string{"", "0s", "-1h", "three days", "72"} {
		q := PeriodOf(time.Hour)
		if err := q.UnmarshalText([]byte(bad)); err == nil || q.Duration() != time.Hour {
			t.Errorf("%q: accepted or changed the period: %v %v", bad, q, err)
		}
	}
}
