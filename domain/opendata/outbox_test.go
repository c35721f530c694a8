package opendata_test

import (
	"testing"
	"time"

	"marketplace/domain/opendata"
)

func TestOutboxBackoff(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: 2 * time.Second, 2: 4 * time.Second, 5: 32 * time.Second, 12: time.Hour, 100: time.Hour} {
		if got := opendata.OutboxBackoff(attempts); got != want {
			t.Errorf("OutboxBackoff(%d) = %s, want %s", attempts, got, want)
		}
	}
}
