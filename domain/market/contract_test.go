package market

import (
	"errors"
	"testing"
	"time"

	"marketplace/domain/kernel"
)

func TestContract_Sign(t *testing.T) {
	c := &Contract{ProjectID: 1, OwnerID: 10, AgencyID: 20, Price: 12500000, ServiceDays: 30, StartDate: "2026-12-01"}
	if done, err := c.Sign(20, t0); err != nil || done || c.Hash != "" {
		t.Fatalf("agency signs first: %v %v %q", done, err, c.Hash)
	}
	if _, err := c.Sign(20, t0); !errors.Is(err, ErrAlreadySigned) {
		t.Errorf("double signing: %v", err)
	}
	if _, err := c.Sign(99, t0); !errors.Is(err, kernel.ErrForbidden) {
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
