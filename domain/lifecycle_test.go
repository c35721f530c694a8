package domain_test

import (
	"errors"
	"testing"
	"time"

	"marketplace/domain"
)

func TestEvaluation_Validate(t *testing.T) {
	ok := domain.Evaluation{Quality: 5, Timeliness: 4, Attitude: 3, Fee: 1}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []domain.Evaluation{{Quality: 0, Timeliness: 4, Attitude: 3, Fee: 1}, {Quality: 5, Timeliness: 6, Attitude: 3, Fee: 1}} {
		if bad.Validate() == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	d := domain.DefaultEvaluation(1, 2, t0)
	if !d.IsDefault || d.Quality != 5 || d.Timeliness != 5 || d.Attitude != 5 || d.Fee != 5 {
		t.Errorf("default evaluation %+v", d)
	}
}

func TestContract_Sign(t *testing.T) {
	c := &domain.Contract{ProjectID: 1, OwnerID: 10, AgencyID: 20, Price: 12500000, ServiceDays: 30, StartDate: "2026-12-01"}
	if done, err := c.Sign(20, t0); err != nil || done || c.Hash != "" {
		t.Fatalf("agency signs first: %v %v %q", done, err, c.Hash)
	}
	if _, err := c.Sign(20, t0); !errors.Is(err, domain.ErrAlreadySigned) {
		t.Errorf("double signing: %v", err)
	}
	if _, err := c.Sign(99, t0); !errors.Is(err, domain.ErrForbidden) {
		t.Errorf("a stranger signs: %v", err)
	}
	done, err := c.Sign(10, t0.Add(time.Minute))
	if err != nil || !done || c.Hash != c.ComputeHash() || len(c.Hash) != 64 {
		t.Fatalf("owner signs: %v %v %q", done, err, c.Hash)
	}
	before := c.Hash
	c.Price++
	if c.ComputeHash() == before {
		t.Error("hash does not cover the price")
	}
}

func TestShanghaiDate(t *testing.T) {
	if got := domain.ShanghaiDate(time.Date(2026, 11, 30, 17, 0, 0, 0, time.UTC)); got != "2026-12-01" {
		t.Errorf("got %s", got)
	}
}
