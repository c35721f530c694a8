package identity

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/kernel"
)

// Single sign-on through the government identity platform (统一身份认证).
// The OpenID Connect protocol is infrastructure (api); here are its rules:
// an identity already linked logs in; a legal person whose USCC matches an
// enterprise or agency account links to it once that account's password is
// confirmed; with no match an account is created with zero threshold, as
// with registration; department staff are never created, an admin links them.

// OIDCLoginTTL bounds how long a started login (state, nonce, PKCE verifier)
// stays valid: long enough to type a password at the provider.
const OIDCLoginTTL = 10 * time.Minute

// OIDCPendingTTL bounds how long a verified identity waits for the user to
// confirm a password or choose a role.
const OIDCPendingTTL = 15 * time.Minute

// Identity is what the provider vouched for in a verified ID token.
type Identity struct {
	Issuer  string
	Subject string
	// USCC is the legal person's unified social credit code ("" for a
	// natural person).
	USCC string
	Name string
}

// PendingIdentity is a verified identity with no account yet.
type PendingIdentity struct {
	Identity
	// Match is the enterprise or agency account holding the same USCC, if
	// any: the user confirms its password to link.
	Match *Account
}

// OIDCStart is what the api needs to redirect to the provider.
type OIDCStart struct {
	State    string
	Nonce    string
	Verifier string
}

// OIDCOutcome is the result of a verified callback: a session when the
// identity is linked, or a pending token for the next step.
type OIDCOutcome struct {
	Session      *Session
	PendingToken string
	Pending      *PendingIdentity
}

// SSO errors.
var (
	ErrOIDCState = &kernel.Error{Code: kernel.EINVALID, Reason: "oidc_state",
		Message: "This sign-in link is no longer valid (expired or already used); start the sign-in again."}
	ErrOIDCPending = &kernel.Error{Code: kernel.EINVALID, Reason: "oidc_pending",
		Message: "The sign-in has expired or was already completed; start the sign-in again."}
	ErrOIDCNotLegalPerson = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "oidc_not_legal_person",
		Message: "Only legal persons (with a unified social credit code) may sign in this way unless an administrator linked your account."}
	ErrOIDCNoMatch = &kernel.Error{Code: kernel.EINVALID, Reason: "oidc_no_match",
		Message: "No account holds this unified social credit code; choose a role to create one."}
	ErrOIDCHasMatch = &kernel.Error{Code: kernel.ECONFLICT, Reason: "oidc_has_match",
		Message: "An account already holds this unified social credit code; confirm its password to link it."}
	ErrIdentityLinked = &kernel.Error{Code: kernel.ECONFLICT, Reason: "oidc_already_linked",
		Message: "This identity, or this account, is already linked."}
	ErrOIDCStaffOnly = &kernel.Error{Code: kernel.EINVALID, Reason: "oidc_staff_only", Field: "account",
		Message: "Administrators link only department and admin accounts; enterprises and agencies link themselves."}
)

// BeginOIDCLogin records a new login and returns its state, nonce and PKCE
// verifier. back is where to land afterwards (already made safe by the caller).
func (ac *Accounts) BeginOIDCLogin(ctx context.Context, back string) (OIDCStart, error) {
	st := OIDCStart{State: randomText(), Nonce: randomText(), Verifier: randomText() + randomText()}
	now, err := ac.Store.Now(ctx)
	if err != nil {
		return OIDCStart{}, err
	}
	err = ac.Store.CreateOIDCLogin(ctx, OIDCLogin{StateHash: HashToken(st.State), Nonce: st.Nonce,
		Verifier: st.Verifier, Back: back, ExpiresAt: now.Add(OIDCLoginTTL)})
	return st, err
}

// TakeOIDCLogin consumes the login of state: a second callback with the
// same state is refused (ErrOIDCState).
func (ac *Accounts) TakeOIDCLogin(ctx context.Context, state string) (*OIDCLogin, error) {
	if state == "" || len(state) > 200 {
		return nil, ErrOIDCState
	}
	return ac.Store.TakeOIDCLogin(ctx, HashToken(state))
}

// SignInWithIdentity acts on a verified identity: a linked one opens a
// session; otherwise a pending identity is kept for the next step.
func (ac *Accounts) SignInWithIdentity(ctx context.Context, id Identity) (*OIDCOutcome, error) {
	id.USCC = strings.ToUpper(strings.TrimSpace(id.USCC))
	id.Name = strings.TrimSpace(id.Name)
	a, err := ac.Store.FindAccountByIdentity(ctx, id.Issuer, id.Subject)
	if err == nil {
		sess, err := ac.openSession(ctx, a)
		if err != nil {
			return nil, err
		}
		return &OIDCOutcome{Session: sess}, nil
	} else if kernel.ErrorCode(err) != kernel.ENOTFOUND {
		return nil, err
	}
	if id.USCC == "" {
		return nil, ErrOIDCNotLegalPerson
	}
	if err := ValidateUSCC(id.USCC); err != nil {
		return nil, err
	}
	token, tokenHash, err := newToken()
	if err != nil {
		return nil, err
	}
	now, err := ac.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	p := PendingIdentity{Identity: id}
	if err := ac.Store.CreatePendingIdentity(ctx, p, tokenHash, now.Add(OIDCPendingTTL)); err != nil {
		return nil, err
	}
	pending, err := ac.PendingIdentity(ctx, token)
	if err != nil {
		return nil, err
	}
	return &OIDCOutcome{PendingToken: token, Pending: pending}, nil
}

// PendingIdentity returns the pending identity of token with its matching
// account (an enterprise or agency holding the same USCC), if any.
func (ac *Accounts) PendingIdentity(ctx context.Context, token string) (*PendingIdentity, error) {
	if token == "" || len(token) > 200 {
		return nil, ErrOIDCPending
	}
	p, err := ac.Store.FindPendingIdentity(ctx, HashToken(token))
	if err != nil {
		return nil, err
	}
	p.Match, err = ac.linkableAccount(ctx, p.USCC)
	return p, err
}

// linkableAccount is the enterprise or agency holding uscc; department and
// admin accounts never link by USCC.
func (ac *Accounts) linkableAccount(ctx context.Context, uscc string) (*Account, error) {
	a, err := ac.Store.FindAccountByUSCC(ctx, uscc)
	if kernel.ErrorCode(err) == kernel.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if a.Role != kernel.RoleEnterprise && a.Role != kernel.RoleAgency {
		return nil, nil
	}
	return a, nil
}

// LinkPendingIdentity links the pending identity to the account holding its
// USCC once that account's password is confirmed; the check is an ordinary
// login, so it is throttled and timed like one.
func (ac *Accounts) LinkPendingIdentity(ctx context.Context, token, password, ip string) (*Session, error) {
	p, err := ac.PendingIdentity(ctx, token)
	if err != nil {
		return nil, err
	}
	if p.Match == nil {
		return nil, ErrOIDCNoMatch
	}
	sess, err := ac.Login(ctx, p.Match.Email, password, ip)
	if err != nil {
		return nil, err
	}
	err = ac.InTx(ctx, func(s Tx) error {
		if _, err := s.TakePendingIdentity(ctx, HashToken(token)); err != nil {
			return err
		}
		if err := s.LinkIdentity(ctx, p.Match.ID, p.Issuer, p.Subject); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(kernel.Actor{ID: p.Match.ID, Role: p.Match.Role, Name: p.Match.Name}, "account.sso_linked",
			"account", strconv.FormatInt(p.Match.ID, 10), map[string]any{"issuer": p.Issuer}))
	})
	if err != nil {
		_ = ac.Logout(ctx, sess.Token) // the password was right, but nothing was linked
		return nil, err
	}
	return sess, nil
}

// SSORegistration is what the user adds to a pending identity with no
// matching account: the role and the fields the provider does not vouch for.
type SSORegistration struct {
	Role                string
	LegalRepresentative string
	ContactPhone        string
	Email               string
}

// CreateAccountFromIdentity creates an enterprise or agency account for a
// pending identity with no matching account, with zero threshold as with
// registration, and links it. Its name and USCC are those the provider
// vouched for. It has no password: it logs in through the provider.
func (ac *Accounts) CreateAccountFromIdentity(ctx context.Context, token string, in SSORegistration) (*Session, error) {
	p, err := ac.PendingIdentity(ctx, token)
	if err != nil {
		return nil, err
	}
	if p.Match != nil {
		return nil, ErrOIDCHasMatch
	}
	reg := RegisterInput{Role: in.Role, Name: p.Name, USCC: p.USCC, LegalRepresentative: in.LegalRepresentative,
		ContactPhone: in.ContactPhone, Email: in.Email}
	reg.Normalize()
	reg.Password = ssoPlaceholderPassword
	if err := reg.Validate(); err != nil {
		return nil, err
	}
	a := &Account{Role: reg.Role, Name: reg.Name, USCC: reg.USCC, LegalRepresentative: reg.LegalRepresentative,
		ContactPhone: reg.ContactPhone, Email: reg.Email, Status: kernel.StatusActive, PasswordHash: NoPasswordHash}
	err = ac.InTx(ctx, func(s Tx) error {
		if _, err := s.TakePendingIdentity(ctx, HashToken(token)); err != nil {
			return err
		}
		if err := s.CreateAccount(ctx, a); err != nil {
			return err
		}
		if err := s.LinkIdentity(ctx, a.ID, p.Issuer, p.Subject); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(kernel.Actor{ID: a.ID, Role: a.Role, Name: a.Name}, "account.registered", "account",
			strconv.FormatInt(a.ID, 10), map[string]any{"role": a.Role, "name": a.Name, "uscc": a.USCC, "via": "sso"}))
	})
	if err != nil {
		return nil, err
	}
	return ac.openSession(ctx, a)
}

// LinkStaffIdentity is an admin linking a department or admin account to a
// subject of the provider: staff are never created by single sign-on.
func (ac *Accounts) LinkStaffIdentity(ctx context.Context, actor kernel.Actor, accountID int64, issuer, subject string) error {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return err
	}
	subject = strings.TrimSpace(subject)
	if subject == "" || len(subject) > MaxOIDCSubjectBytes {
		return kernel.FieldError("subject", "oidc_subject", "The subject must be 1 to %d characters.", MaxOIDCSubjectBytes)
	}
	if issuer == "" {
		return kernel.Errorf(kernel.EINVALID, "oidc_disabled", "Single sign-on is not configured.")
	}
	return ac.InTx(ctx, func(s Tx) error {
		a, err := s.FindAccountByID(ctx, accountID)
		if err != nil {
			return err
		}
		if a.Role != kernel.RoleDepartment && a.Role != kernel.RoleAdmin {
			return ErrOIDCStaffOnly
		}
		if err := s.LinkIdentity(ctx, a.ID, issuer, subject); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "account.sso_linked", "account", strconv.FormatInt(a.ID, 10),
			map[string]any{"issuer": issuer, "subject": subject}))
	})
}

// NoPasswordHash is the password hash of an account created by single
// sign-on: it is no valid hash, so no password ever matches it.
const NoPasswordHash = "!sso"

// ssoPlaceholderPassword only lets RegisterInput.Validate run on an SSO
// registration, which has no password; it is never stored.
const ssoPlaceholderPassword = "Sso-Placeholder-7319-Unused"

// openSession opens a session for an account already authenticated.
func (ac *Accounts) openSession(ctx context.Context, a *Account) (*Session, error) {
	now, err := ac.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	token, tokenHash, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(ac.SessionTTL)
	if err := ac.Store.CreateSession(ctx, a.ID, tokenHash, expires); err != nil {
		return nil, err
	}
	return &Session{Token: token, ExpiresAt: expires, Account: a}, nil
}

func randomText() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24)
	return base64.RawURLEncoding.EncodeToString(b)
}
