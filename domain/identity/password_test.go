package identity

import (
	"testing"

	"marketplace/domain/kernel"
)

func TestCommonPasswords_TenThousand(t *testing.T) {
	if got, want := len(commonPasswords()), 10000; got != want {
		t.Errorf("%d distinct common passwords embedded, want %d", got, want)
	}
}

func TestValidatePasswordFor(t *testing.T) {
	const uscc = "91420100MA4K0000X0"
	cases := []struct {
		pw, email, reason string
	}{
		{"river-lantern-orchard", "wang@example.cn", ""},
		{"short", "wang@example.cn", "password_too_short"},
		{"1234567890", "wang@example.cn", "password_common"},
		{"QWERTYUIOP", "wang@example.cn", "password_common"},
		{"Wang-river-lantern", "wang@example.cn", "password_contains_identity"},
		{"x-river-lantern", "x@example.cn", ""}, // a one-letter local part is not looked for
		{"my-91420100ma4k0000x0", "li@example.cn", "password_contains_identity"},
	}
	for _, tc := range cases {
		t.Run(tc.pw, func(t *testing.T) {
			err := ValidatePasswordFor(tc.pw, tc.email, uscc)
			got := ""
			if e, ok := kernel.AsError(err); ok {
				got = e.Reason
			} else if err != nil {
				t.Fatal(err)
			}
			if got != tc.reason {
				t.Errorf("got %q, want %q", got, tc.reason)
			}
		})
	}
}
