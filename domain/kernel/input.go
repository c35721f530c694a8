package kernel

import (
	"strings"
	"time"
	"unicode/utf8"
)

// The years a date may fall in. Anything outside is a typing slip or a
// probe (0000-01-01), and PostgreSQL and the pages would mishandle it.
const (
	MinDateYear = 1900
	MaxDateYear = 2200
)

// DateLayout is the layout of certificate dates (valid_from, valid_until).
const DateLayout = "2006-01-02"

// ValidText reports whether s is valid UTF-8 without C0 control characters
// other than tab, line feed and carriage return (browsers send CRLF line
// ends from text areas). NUL in particular cannot be stored by PostgreSQL.
func ValidText(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return utf8.ValidString(s)
}

// CheckText refuses a text field that is not ValidText.
func CheckText(field, s string) error {
	if ValidText(s) {
		return nil
	}
	return FieldError(field, "invalid_text", "Field %q contains control characters or invalid UTF-8.", field)
}

// CheckDateRange refuses a time outside the years MinDateYear–MaxDateYear.
func CheckDateRange(field string, t time.Time) error {
	if y := t.Year(); y < MinDateYear || y > MaxDateYear {
		return FieldError(field, "date_out_of_range", "Field %q must be a date in the years %d to %d.", field, MinDateYear, MaxDateYear)
	}
	return nil
}

// ParseDate reads a calendar date (DateLayout) within the allowed years;
// example is shown in the format error (e.g. "2025-01-31").
func ParseDate(field, s, example string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return time.Time{}, FieldError(field, "date_format", "%s must be a date such as %s.", field, example)
	}
	return t, CheckDateRange(field, t)
}

// CheckMaxRunes refuses s when it is longer than max characters, with the
// code field+"_too_long".
func CheckMaxRunes(field, s string, max int) error {
	if utf8.RuneCountInString(s) > max {
		return FieldError(field, field+"_too_long", "%s must be at most %d characters.", field, max)
	}
	return nil
}

// ValidateText trims a required free-text field such as a reason, an
// answer or a contract's terms, and checks it is at most max characters.
func ValidateText(field, value string, max int) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", FieldError(field, field+"_required", "%s is required.", field)
	}
	if utf8.RuneCountInString(v) > max {
		return "", FieldError(field, field+"_too_long", "%s must be at most %d characters.", field, max)
	}
	return v, nil
}
