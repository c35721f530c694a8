package kernel

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
)

// Money is an amount in fen (1/100 yuan), carried exactly as an integer.
// In JSON it is a decimal string with two decimals, such as "125000.00".
type Money int64

// MaxMoney bounds amounts far above any intermediary fee (10^12 yuan) so that
// arithmetic never overflows.
const MaxMoney Money = 100_000_000_000_000

var moneyPattern = regexp.MustCompile(`^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$`)

// ParseMoney reads a yuan amount written with ASCII digits and at most two
// decimals. Signs, exponents, spaces, thousands separators and full-width
// digits are refused rather than guessed at.
func ParseMoney(s string) (Money, error) {
	if !moneyPattern.MatchString(s) {
		return 0, Errorf(EINVALID, "money_format", "%q is not an amount in yuan: use digits with at most two decimals, such as \"125000.00\".", s)
	}
	whole, frac := s, ""
	for i := range s {
		if s[i] == '.' {
			whole, frac = s[:i], s[i+1:]
		}
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, Errorf(EINVALID, "money_format", "%q is not an amount in yuan.", s)
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	m := Money(w*100 + f)
	if m > MaxMoney {
		return 0, Errorf(EINVALID, "money_range", "%q is too large.", s)
	}
	return m, nil
}

// String formats m as a decimal yuan amount with two decimals.
func (m Money) String() string {
	sign := ""
	v := int64(m)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// MarshalJSON writes m as a decimal string.
func (m Money) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// UnmarshalJSON accepts only a decimal string; a JSON number is refused because
// it invites binary floating point (1e5, 0.1+0.2) into money.
func (m *Money) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "money_format", "Amounts are decimal strings such as \"125000.00\", not numbers.")
	}
	v, err := ParseMoney(s)
	if err != nil {
		return err
	}
	*m = v
	return nil
}
