package storage

import (
	"strings"
	"testing"
)

// The recompute's SQL file spells out the effective points and the
// unvoided test that the incremental queries build from Go constants; a
// change to one must reach the other.
func TestRecomputeSQL_SharesTheScoreRules(t *testing.T) {
	t.Parallel()
	for name, rule := range map[string]string{"effectivePointsOverAll": effectivePointsOverAll, "unvoided": unvoided} {
		if !strings.Contains(recomputeSQL, rule) {
			t.Errorf("queries/credit_recompute.sql does not hold %s: %s", name, rule)
		}
	}
}
