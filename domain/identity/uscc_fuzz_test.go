package identity_test

import (
	"testing"

	"marketplace/domain/identity"
	"marketplace/domain/kernel"
)

// FuzzValidateUSCC: `go test -fuzz=FuzzValidateUSCC ./domain/identity`
// explores. A refusal is a coded EINVALID error; an accepted code carries
// its own check character.
func FuzzValidateUSCC(f *testing.F) {
	for _, s := range []string{"91110000MA0000001X", "911100007109288314", "9111000071092883I4", "91110000mA00000010", "", "统一社会信用代码统一社会信用代码", "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := identity.ValidateUSCC(s)
		if err != nil {
			if kernel.ErrorCode(err) != kernel.EINVALID {
				t.Fatalf("%q: refused with %v, want an EINVALID error", s, err)
			}
			return
		}
		if len(s) != 18 || identity.USCCCheckChar(s[:17]) != s[17] {
			t.Fatalf("%q accepted but its check character is not %q", s, identity.USCCCheckChar(s[:17]))
		}
	})
}
