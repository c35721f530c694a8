// Package contractdoc is the content of the electronic contract (电子合同):
// what the signed PDF says, the amount in Chinese capitals (大写金额) and the
// contract terms rendered from a per-item template. It knows nothing of PDF
// encoding, storage or HTTP, and imports the standard library only, so the
// root domain package can use it without an import cycle.
package contractdoc

import (
	"errors"
	"strings"
)

// MaxFen is the largest amount Capitals writes: 10^12 yuan (壹万亿元), the
// platform's money ceiling, in fen.
const MaxFen int64 = 100_000_000_000_000

// ErrAmountRange refuses a negative amount or one above MaxFen: a contract
// price is never negative, and a wrong capital amount is worse than none.
var ErrAmountRange = errors.New("contractdoc: amount out of range")

var (
	capitalDigits = []rune("零壹贰叁肆伍陆柒捌玖")
	capitalUnits  = []string{"", "拾", "佰", "仟"}
)

// Capitals writes an amount in fen as the capital amount of Chinese
// financial documents (大写金额), following the usual rules for bills and
// contracts: 元 after the yuan, 角 and 分 for the decimals, 整 when the
// amount ends at 元 or 角, one 零 for every run of zero digits between
// non-zero ones (also across 万 and 亿), 零 before 分 when there is no 角, and
// 壹拾 rather than 拾. Zero is 零元整; an amount below one yuan has no 元
// (0.05 is 伍分).
func Capitals(fen int64) (string, error) {
	if fen < 0 || fen > MaxFen {
		return "", ErrAmountRange
	}
	yuan, jiao, f := fen/100, int(fen/10%10), int(fen%10)
	if fen == 0 {
		return "零元整", nil
	}
	var b strings.Builder
	if yuan > 0 {
		b.WriteString(below1e16(yuan))
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && f == 0:
		b.WriteString("整")
	case f == 0:
		b.WriteRune(capitalDigits[jiao])
		b.WriteString("角整")
	case jiao == 0:
		if yuan > 0 {
			b.WriteString("零")
		}
		b.WriteRune(capitalDigits[f])
		b.WriteString("分")
	default:
		b.WriteRune(capitalDigits[jiao])
		b.WriteString("角")
		b.WriteRune(capitalDigits[f])
		b.WriteString("分")
	}
	return b.String(), nil
}

// below1e16 writes 1 ≤ n < 10^16 as 亿 groups over a number below 10^8.
func below1e16(n int64) string {
	return split(n, 100_000_000, "亿", below1e8)
}

// below1e8 writes 1 ≤ n < 10^8 as 万 groups over a number below 10^4.
func below1e8(n int64) string {
	return split(n, 10_000, "万", func(n int64) string { return below1e4(int(n)) })
}

// split writes n as high·unit + low: the high part with its unit word, then
// the low part, after a 零 when the low part has a leading zero digit (its
// first digit position below unit is empty).
func split(n, unit int64, word string, lower func(int64) string) string {
	high, low := n/unit, n%unit
	if high == 0 {
		return lower(low)
	}
	s := lower(high) + word
	switch {
	case low == 0:
		return s
	case low < unit/10:
		return s + "零" + lower(low)
	default:
		return s + lower(low)
	}
}

// below1e4 writes 1 ≤ n < 10^4 digit by digit: zero digits between others
// become one 零, trailing zeros nothing.
func below1e4(n int) string {
	var b strings.Builder
	zero := false
	for pos := 3; pos >= 0; pos-- {
		d := n / pow10[pos] % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		b.WriteRune(capitalDigits[d])
		b.WriteString(capitalUnits[pos])
	}
	return b.String()
}

var pow10 = []int{1, 10, 100, 1000}
