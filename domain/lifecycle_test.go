package domain_test

import (
	"testing"
	"time"

	"marketplace/domain/market"
)

func TestEvaluation_Validate(t *testing.T) {
	ok := market.Evaluation{Quality: 5, Timeliness: 4, Attitude: 3, Fee: 1}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []market.Evaluation{{Quality: 0, Timeliness: 4, Attitude: 3, Fee: 1}, {Quality: 5, Timeliness: 6, Attitude: 3, Fee: 1}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	d := market.DefaultEvaluation(1, 2, t0)
	if !d.IsDefault || d.Quality != 5 || d.Timeliness != 5 || d.Attitude != 5 || d.Fee != 5 {
		t.Errorf("default evaluation %+v", d)
	}
}

func TestShanghaiDate(t *testing.T) {
	if got := market.ShanghaiDate(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)); got != "2026-12-01" {
		t.Errorf("got %s", got)
	}
}
