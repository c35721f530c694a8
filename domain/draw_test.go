package domain_test

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"
	"time"

	"marketplace/domain/market"
)

func TestDrawInput(t *testing.T) {
	closed := time.Date(2026, 11, 25, 6, 30, 0, 0, time.UTC)
	got := market.DrawInput(42, closed.In(time.FixedZone("CST", 8*3600)), []int64{9, 3, 17})
	want := "project:42|closed_at:2026-11-25T06:30:00Z|bids:3,9,17"
	if got != want {
		t.Errorf("DrawInput = %q, want %q", got, want)
	}
}

func TestNewDraw(t *testing.T) {
	input := "project:42|closed_at:2026-11-25T06:30:00Z|bids:3,9,17,21,30"
	ids := []int64{30, 3, 21, 9, 17}
	d := market.NewDraw(input, ids)

	t.Run("seed is SHA-256 of the input", func(t *testing.T) {
		sum := sha256.Sum256([]byte(input))
		if got, want := d.Seed, hex.EncodeToString(sum[:]); got != want {
			t.Errorf("seed = %s, want %s", got, want)
		}
	})
	t.Run("a permutation of the ids, independent of their given order", func(t *testing.T) {
		sorted := slices.Sorted(slices.Values(d.Order))
		if !slices.Equal(sorted, []int64{3, 9, 17, 21, 30}) {
			t.Errorf("order %v is not a permutation", d.Order)
		}
		again := market.NewDraw(input, []int64{3, 9, 17, 21, 30})
		if !slices.Equal(again.Order, d.Order) {
			t.Errorf("order depends on input order: %v vs %v", again.Order, d.Order)
		}
	})
	t.Run("verifies, and a changed input or order does not", func(t *testing.T) {
		if err := market.VerifyDraw(d); err != nil {
			t.Fatal(err)
		}
		forged := d
		forged.Order = slices.Clone(d.Order)
		forged.Order[0], forged.Order[1] = forged.Order[1], forged.Order[0]
		if market.VerifyDraw(forged) == nil {
			t.Error("a swapped order verified")
		}
		other := d
		other.Input += " "
		if market.VerifyDraw(other) == nil {
			t.Error("a changed input verified")
		}
	})
	t.Run("roughly uniform winner", func(t *testing.T) {
		wins := map[int64]int{}
		for i := 0; i < 3000; i++ {
			d := market.NewDraw(market.DrawInput(int64(i), time.Unix(0, 0), []int64{1, 2, 3}), []int64{1, 2, 3})
			wins[d.Order[0]]++
		}
		for id, n := range wins {
			if n < 850 || n > 1150 {
				t.Errorf("id %d won %d of 3000 draws", id, n)
			}
		}
	})
}
