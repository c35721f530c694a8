package market

import (
	"strings"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// ProjectContact is the purchaser's contact for questions on a notice
// (采购人联系方式), as Chinese e-procurement notices print it: set per
// project by the owner, the project form proposing the owner's account
// phone and e-mail. Only what the owner fills in is published; an empty
// contact publishes nothing.
type ProjectContact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// IsZero reports whether no part of the contact is set.
func (c ProjectContact) IsZero() bool { return c.Name == "" && c.Phone == "" && c.Email == "" }

// normalizeContact trims the contact and returns nil when it is empty.
func normalizeContact(c *ProjectContact) *ProjectContact {
	if c == nil {
		return nil
	}
	out := ProjectContact{Name: strings.TrimSpace(c.Name), Phone: strings.TrimSpace(c.Phone), Email: strings.TrimSpace(c.Email)}
	if out.IsZero() {
		return nil
	}
	return &out
}

// validateContact checks a published contact: a name of at most
// MaxProjectContactNameRunes, a mainland phone (mobile or landline with
// area code) and a valid e-mail address; a name alone cannot answer a
// question, so a phone or an e-mail is required with it.
func (p *Project) validateContact() error {
	c := p.Contact
	if c == nil {
		return nil
	}
	if utf8.RuneCountInString(c.Name) > MaxProjectContactNameRunes {
		return kernel.FieldError("contact_name", "contact_name_length", "The contact name must be at most %d characters.", MaxProjectContactNameRunes).
			WithMax(MaxProjectContactNameRunes)
	}
	if c.Phone == "" && c.Email == "" {
		return kernel.FieldError("contact_phone", "contact_means", "A contact for questions needs a phone number or an e-mail address.")
	}
	if c.Phone != "" && !kernel.PhonePattern.MatchString(c.Phone) {
		return kernel.FieldError("contact_phone", "phone_format", "The contact phone must be a mainland mobile number (11 digits) or a landline with area code, such as 027-87654321.")
	}
	if c.Email != "" && !kernel.IsEmailAddress(c.Email) {
		return kernel.FieldError("contact_email", "email_format", "%q is not a valid e-mail address.", c.Email)
	}
	return nil
}
