package domain_test

import (
	"testing"

	"marketplace/domain"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want domain.Money
		ok   bool
	}{
		{"125000.00", 12500000, true},
		{"125000", 12500000, true},
		{"0.5", 50, true},
		{"0.01", 1, true},
		{"1e5", 0, false},
		{"-1", 0, false},
		{"12.345", 0, false},
		{"１２３", 0, false},
		{"1,000.00", 0, false},
		{" 12", 0, false},
		{"012", 0, false},
		{"", 0, false},
		{"99999999999999.99", 0, false},
	}
	for _, tc := range tests {
		got, err := domain.ParseMoney(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
	if s := domain.Money(12500001).String(); s != "125000.01" {
		t.Errorf("String = %s", s)
	}
}
