package identity

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// MaxPasswordBytes bounds the work of hashing one password.
const MaxPasswordBytes = 256

// MinIdentityInPassword is the shortest e-mail local part looked for inside
// a password: a one- or two-letter one would forbid most passwords.
const MinIdentityInPassword = 3

// commonPasswordsText holds the 10,000 most common passwords, lower-cased,
// one a line, most common first; tools/commonpasswords writes it from the
// ranked list zxcvbn ships (see docs/security.md).
//
//go:generate go run ../../tools/commonpasswords -out common_passwords.txt
//go:embed common_passwords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, 10000)
	for _, pw := range strings.Split(strings.TrimSpace(commonPasswordsText), "\n") {
		set[pw] = struct{}{}
	}
	return set
})

// IsCommonPassword reports whether pw, in any case, is on the list.
func IsCommonPassword(pw string) bool {
	_, ok := commonPasswords()[strings.ToLower(pw)]
	return ok
}

// ValidatePassword checks the password policy that needs nothing but the
// password: length and the common-password list.
func ValidatePassword(pw string) error {
	if utf8.RuneCountInString(pw) < MinPasswordLength {
		return kernel.FieldError("password", "password_too_short", "The password must be at least %d characters.", MinPasswordLength)
	}
	if len(pw) > MaxPasswordBytes {
		return kernel.FieldError("password", "password_too_long", "The password must be at most %d bytes.", MaxPasswordBytes)
	}
	if IsCommonPassword(pw) {
		return kernel.FieldError("password", "password_common", "This password is one of the most commonly used; choose another.")
	}
	return nil
}

// ValidatePasswordFor is ValidatePassword plus the account's own
// identifiers, which the directory or a guess reveals: the password may not
// contain the e-mail's local part or the USCC, in any case.
func ValidatePasswordFor(pw, email, uscc string) error {
	if err := ValidatePassword(pw); err != nil {
		return err
	}
	lower := strings.ToLower(pw)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if utf8.RuneCountInString(local) >= MinIdentityInPassword && strings.Contains(lower, local) {
		return kernel.FieldError("password", "password_contains_identity", "The password must not contain the e-mail's user name or the unified social credit code.")
	}
	if uscc != "" && strings.Contains(lower, strings.ToLower(uscc)) {
		return kernel.FieldError("password", "password_contains_identity", "The password must not contain the e-mail's user name or the unified social credit code.")
	}
	return nil
}
