package commitment

import "testing"

func TestCommitment_Digest(t *testing.T) {
	// SHA-256 of "abc" (FIPS 180-2 test vector).
	if got := Digest("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("digest = %s", got)
	}
}
