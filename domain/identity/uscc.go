package identity

import (
	"strings"

	"marketplace/domain/kernel"
)

// usccAlphabet is the 31-character set of GB 32100-2015: digits and capital
// letters without I, O, S, V and Z (easily confused with digits).
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the position weights 3^(i) mod 31 used by the check digit.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ValidateUSCC checks a 统一社会信用代码 (unified social credit code) against
// GB 32100-2015: 18 characters from the code alphabet, the third-to-eighth being
// the six-digit administrative division, and a check character computed as
// 31 - (Σ value·weight mod 31) (with 31 read as 0).
func ValidateUSCC(code string) error {
	if len(code) != 18 {
		return kernel.FieldError("uscc", "uscc_length", "The unified social credit code must be exactly 18 characters (got %d).", len([]rune(code)))
	}
	if code != strings.ToUpper(code) {
		return kernel.FieldError("uscc", "uscc_lowercase", "The unified social credit code must be written in capital letters.")
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(usccAlphabet, code[i])
		if v < 0 {
			return kernel.FieldError("uscc", "uscc_character", "The unified social credit code contains %q, which is not allowed (letters I, O, S, V, Z are never used).", string(code[i]))
		}
		if i >= 2 && i < 8 && v > 9 {
			return kernel.FieldError("uscc", "uscc_division", "Characters 3 to 8 of the unified social credit code must be digits (administrative division code).")
		}
		if i < 17 {
			sum += v * usccWeights[i]
		}
	}
	check := (31 - sum%31) % 31
	if usccAlphabet[check] != code[17] {
		return kernel.FieldError("uscc", "uscc_check_digit", "The check character of the unified social credit code is wrong.")
	}
	return nil
}

// USCCCheckChar returns the check character for the first 17 characters of a
// code; demo data and tests use it to make valid codes.
func USCCCheckChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccAlphabet, first17[i]) * usccWeights[i]
	}
	return usccAlphabet[(31-sum%31)%31]
}
