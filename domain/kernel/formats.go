package kernel

import (
	"net/mail"
	"regexp"
	"strings"
)

// The shapes of codes and numbers that several contexts check on input:
// the catalogue, agency profiles and certificates, inspections (item codes);
// registration, agency profiles and notices (phones). One pattern each, so
// that every form refuses the same inputs.
var (
	// ItemCodePattern is the shape of a service item code of the catalogue.
	ItemCodePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$`)
	// PhonePattern: mainland mobile numbers, or landlines with an area code
	// (010-12345678, 0755-1234567), optionally with an extension.
	PhonePattern = regexp.MustCompile(`^(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(-[0-9]{1,6})?)$`)
)

// MaxEmailBytes is the longest e-mail address accepted (RFC 5321's path
// limit), for accounts and the contacts published on notices alike.
const MaxEmailBytes = 254

// IsEmailAddress reports whether email is a bare address (no display name)
// whose domain has a dot and which fits MaxEmailBytes.
func IsEmailAddress(email string) bool {
	addr, err := mail.ParseAddress(email)
	return err == nil && addr.Address == email && strings.Contains(email[strings.IndexByte(email, '@'):], ".") && len(email) <= MaxEmailBytes
}
