package identity_test

import (
	"testing"

	"marketplace/domain/identity"
	"marketplace/domain/kernel"
)

func TestValidateUSCC(t *testing.T) {
	tests := []struct {
		code   string
		reason string // "" when valid
	}{
		{"91350100M000100Y43", ""}, // published example of GB 32100-2015
		{"91110000600037341L", ""}, // a real-format enterprise code
		{"12100000400000489H", "uscc_check_digit"},
		{"91350100M000100Y4", "uscc_length"},
		{"91350100M000100Y433", "uscc_length"},
		{"91350100m000100Y43", "uscc_lowercase"},
		{"91350100MI00100Y43", "uscc_character"},
		{"91350100MO00100Y43", "uscc_character"},
		{"91350100MS00100Y43", "uscc_character"},
		{"91350100MV00100Y43", "uscc_character"},
		{"91350100MZ00100Y43", "uscc_character"},
		{"9135A100M000100Y43", "uscc_division"},
		{"91350100M000100Y44", "uscc_check_digit"},
		{"９1350100M000100Y43", "uscc_length"}, // a full-width digit is 3 bytes
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			err := identity.ValidateUSCC(tc.code)
			got := ""
			if e, ok := kernel.AsError(err); ok {
				got = e.Reason
			} else if err != nil {
				t.Fatalf("non-domain error %v", err)
			}
			if got != tc.reason {
				t.Errorf("ValidateUSCC(%q) = %q, want %q", tc.code, got, tc.reason)
			}
		})
	}
}

func TestUSCCCheckChar(t *testing.T) {
	for _, code := range []string{"91350100M000100Y43", "91110000600037341L"} {
		if got := identity.USCCCheckChar(code[:17]); got != code[17] {
			t.Errorf("check char of %s = %c, want %c", code[:17], got, code[17])
		}
	}
}
