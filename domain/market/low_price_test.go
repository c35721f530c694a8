package market

import (
	"testing"

	"marketplace/domain/kernel"
)

func TestLowPriceThresholdBothBranches(t *testing.T) {
	ceiling := kernel.Money(10000000) // 100,000.00
	cases := []struct {
		name    string
		valid   []kernel.Money
		ceiling *kernel.Money
		rule    LowPriceRule
		want    kernel.Money
	}{
		// median 90,000 → 70 % = 63,000 > 50 % × 100,000 = 50,000
		{"median wins", []kernel.Money{8000000, 9000000, 9500000}, &ceiling, DefaultLowPriceRule, 6300000},
		// median 60,000 → 42,000 < 50,000: the ceiling term wins
		{"ceiling wins", []kernel.Money{3000000, 6000000, 9000000}, &ceiling, DefaultLowPriceRule, 5000000},
		// even count: median (80,000 + 90,000) / 2 = 85,000 → 59,500
		{"even median", []kernel.Money{9000000, 8000000, 3000000, 9900000}, &ceiling, DefaultLowPriceRule, 5950000},
		// no ceiling: the median term alone
		{"no ceiling", []kernel.Money{3000000, 6000000, 9000000}, nil, DefaultLowPriceRule, 4200000},
		// 70 % of 1.01 yuan = 0.707 yuan → rounded up to 0.71 (a 0.70 bid is below)
		{"round up", []kernel.Money{101}, nil, DefaultLowPriceRule, 71},
		// item override: 80 % of median, no ceiling term
		{"override", []kernel.Money{3000000, 6000000, 9000000}, &ceiling, LowPriceRule{MedianPercent: 80}, 4800000},
		{"no bids", nil, &ceiling, DefaultLowPriceRule, 0},
	}
	for _, c := range cases {
		if got := LowPriceThreshold(c.valid, c.ceiling, c.rule); got != c.want {
			t.Errorf("%s: threshold %s, want %s", c.name, got, c.want)
		}
	}
	if HasLowPriceCheck(MethodReverseAuction) || !HasLowPriceCheck(MethodLowestPrice) || !HasLowPriceCheck(MethodComposite) {
		t.Error("reverse auctions are left out, every sealed method is checked")
	}
}
