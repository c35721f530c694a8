package identity

import (
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/commitment"
	"marketplace/domain/kernel"
)

// The limits of an account's fields (characters, bytes); domain/limits.go
// names them too, for the OpenAPI document.
const (
	MaxAccountNameRunes         = 100
	MinAccountNameRunes         = 2
	MaxLegalRepresentativeRunes = 50
	MinLegalRepresentativeRunes = 2
	// MaxOIDCSubjectBytes bounds the provider's subject an admin links.
	MaxOIDCSubjectBytes = 255
)

// Sentinels of accounts and sessions.
var (
	ErrBadCredentials  = &kernel.Error{Code: kernel.EUNAUTHORIZED, Reason: "bad_credentials", Message: "Wrong e-mail or password."}
	ErrTokenExpired    = &kernel.Error{Code: kernel.EUNAUTHORIZED, Reason: "token_expired", Message: "The session has expired or was revoked; log in again."}
	ErrTooManyAttempts = &kernel.Error{Code: kernel.ETOOMANY, Reason: "too_many_login_attempts", Message: "Too many failed login attempts; try again later."}
	ErrAccountNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "account_not_found", Message: "Account not found."}
	ErrDuplicateUSCC   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "uscc_taken", Field: "uscc", Message: "An account with this unified social credit code already exists."}
	ErrDuplicateEmail  = &kernel.Error{Code: kernel.ECONFLICT, Reason: "email_taken", Field: "email", Message: "An account with this e-mail already exists."}
)

// Account is a person or organisation that logs in.
type Account struct {
	ID                  int64     `json:"id"`
	Role                string    `json:"role"`
	Name                string    `json:"name"`
	USCC                string    `json:"uscc,omitempty"`
	LegalRepresentative string    `json:"legal_representative,omitempty"`
	ContactPhone        string    `json:"contact_phone,omitempty"`
	Email               string    `json:"email"`
	Region              string    `json:"region,omitempty"`
	Level               string    `json:"level,omitempty"`
	Status              string    `json:"status"`
	PasswordHash        string    `json:"-"`
	CreatedAt           time.Time `json:"created_at"`
	// CommitmentPending is read with the session: an enterprise or agency
	// that has not accepted the registration commitment in force.
	CommitmentPending bool `json:"-"`
}

// RegisterInput is the whole of what self-registration asks (SPEC §1, zero threshold).
type RegisterInput struct {
	Role                string `json:"role"`
	Name                string `json:"name"`
	USCC                string `json:"uscc"`
	LegalRepresentative string `json:"legal_representative"`
	ContactPhone        string `json:"contact_phone"`
	Email               string `json:"email"`
	Password            string `json:"password"`
	// AcceptCommitmentVersion is the registration commitment version the
	// registrant accepted (信用承诺); required once one is published.
	AcceptCommitmentVersion commitment.Version `json:"accept_commitment_version"`
}

// phonePattern is kernel.PhonePattern (mobile or landline), shared with
// agency profiles and notices.
var phonePattern = kernel.PhonePattern

// Normalize trims white space and lower-cases the e-mail in place.
func (in *RegisterInput) Normalize() {
	in.Name = strings.TrimSpace(in.Name)
	in.USCC = strings.TrimSpace(in.USCC)
	in.LegalRepresentative = strings.TrimSpace(in.LegalRepresentative)
	in.ContactPhone = strings.TrimSpace(in.ContactPhone)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
}

// Validate checks the registration input. Only enterprises and agencies
// register themselves; departments and admins are created by an admin tool.
func (in *RegisterInput) Validate() error {
	if in.Role != kernel.RoleEnterprise && in.Role != kernel.RoleAgency {
		return kernel.FieldError("role", "role_not_self_service", "Only \"enterprise\" and \"agency\" accounts can register themselves; department and admin accounts are created by the platform administrator.")
	}
	if err := validateName(in.Name); err != nil {
		return err
	}
	if err := ValidateUSCC(in.USCC); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(in.LegalRepresentative); n < MinLegalRepresentativeRunes || n > MaxLegalRepresentativeRunes {
		return kernel.FieldError("legal_representative", "legal_representative_length", "The legal representative's name must be %d to %d characters.", MinLegalRepresentativeRunes, MaxLegalRepresentativeRunes)
	}
	if !phonePattern.MatchString(in.ContactPhone) {
		return kernel.FieldError("contact_phone", "phone_format", "The contact phone must be a mainland mobile number (11 digits) or a landline with area code, such as 027-87654321.")
	}
	if err := validateEmail(in.Email); err != nil {
		return err
	}
	return ValidatePasswordFor(in.Password, in.Email, in.USCC)
}

func validateName(name string) error {
	if n := utf8.RuneCountInString(name); n < MinAccountNameRunes || n > MaxAccountNameRunes {
		return kernel.FieldError("name", "name_length", "The name must be %d to %d characters.", MinAccountNameRunes, MaxAccountNameRunes)
	}
	return nil
}

func validateEmail(email string) error {
	if !kernel.IsEmailAddress(email) {
		return kernel.FieldError("email", "email_format", "%q is not a valid e-mail address.", email)
	}
	return nil
}

// StaffAccountInput creates a department or admin account (admin CLI only).
type StaffAccountInput struct {
	Role     string
	Name     string
	Email    string
	Password string
	Region   string
	Level    string
}

// Validate checks a staff account.
func (in *StaffAccountInput) Validate() error {
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Name = strings.TrimSpace(in.Name)
	if in.Role != kernel.RoleDepartment && in.Role != kernel.RoleAdmin {
		return kernel.FieldError("role", "role_not_staff", "Staff accounts are \"department\" or \"admin\".")
	}
	if err := validateName(in.Name); err != nil {
		return err
	}
	if err := validateEmail(in.Email); err != nil {
		return err
	}
	return ValidatePasswordFor(in.Password, in.Email, "")
}

// Session is a login: an opaque token whose hash is stored.
type Session struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	Account   *Account  `json:"account"`
}

// PasswordHasher hashes and checks passwords; its implementation lives
// outside the domain so that the domain needs only the standard library.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Verify(hash, password string) bool
}
