package domain

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"

	"marketplace/domain/commitment"
)

// Register creates an enterprise or agency account, active at once: the seed
// demands zero-threshold entry, so there is no approval queue.
func (m *Marketplace) Register(ctx context.Context, in RegisterInput) (*Account, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := m.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	a := &Account{
		Role: in.Role, Name: in.Name, USCC: in.USCC, LegalRepresentative: in.LegalRepresentative,
		ContactPhone: in.ContactPhone, Email: in.Email, Status: StatusActive, PasswordHash: hash,
	}
	// A USCC any account holds, whatever its status, is taken (the unique
	// index answers uscc_taken): an exited agency rejoins through its own
	// login (RejoinAgency), never by registering again.
	err = m.Store.InTx(ctx, func(s Store) error {
		inForce, err := commitment.RegistrationInForce(ctx, s, int(in.AcceptCommitmentVersion))
		if err != nil {
			return err
		}
		if err := s.CreateAccount(ctx, a); err != nil {
			return err
		}
		if err := commitment.AcceptText(ctx, s, a.ID, inForce); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(Actor{ID: a.ID, Role: a.Role, Name: a.Name}, "account.registered", "account", strconv.FormatInt(a.ID, 10),
			map[string]any{"role": a.Role, "name": a.Name, "uscc": a.USCC, "commitment_version": in.AcceptCommitmentVersion}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CreateStaffAccount creates a department or admin account (admin CLI).
func (m *Marketplace) CreateStaffAccount(ctx context.Context, in StaffAccountInput) (*Account, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := m.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	a := &Account{Role: in.Role, Name: in.Name, Email: in.Email, Region: in.Region, Level: in.Level, Status: StatusActive, PasswordHash: hash}
	err = m.Store.InTx(ctx, func(s Store) error {
		if err := s.CreateAccount(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, NewAudit(SystemActor, "account.staff_created", "account", strconv.FormatInt(a.ID, 10),
			map[string]any{"role": a.Role, "name": a.Name}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Login checks credentials and opens a session. Unknown e-mails and wrong
// passwords give the same answer. Each attempt is first claimed in the
// database, counted as a failure, under a lock on its e-mail and address:
// attempts arriving together cannot all pass the count before any is
// recorded, and the limits hold across replicas (see LoginCounts.Check).
func (m *Marketplace) Login(ctx context.Context, email, password, ip string) (*Session, error) {
	in := RegisterInput{Email: email}
	in.Normalize()
	email = in.Email
	now, err := m.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	var attempt int64
	err = m.Store.InTx(ctx, func(s Store) error {
		if err := s.LockLoginThrottle(ctx, email, ip); err != nil {
			return err
		}
		counts, err := s.CountLoginAttempts(ctx, NewLoginThrottleQuery(email, ip, now))
		if err != nil {
			return err
		}
		if err := counts.Check(now); err != nil {
			return err
		}
		attempt, err = s.CreateLoginAttempt(ctx, email, ip, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	// The password is checked outside the transaction: argon2 takes tens of
	// milliseconds and the claim already counts.
	a, err := m.Store.FindAccountByEmail(ctx, email)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	if a == nil || !m.Hasher.Verify(a.PasswordHash, password) {
		if a == nil {
			// Spend the same time as a real check so timing does not tell
			// which e-mails exist.
			m.dummyOnce.Do(func() { m.dummyHash, _ = m.Hasher.Hash("timing-equaliser-password") })
			m.Hasher.Verify(m.dummyHash, password)
		}
		return nil, ErrBadCredentials
	}
	token, tokenHash, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(m.Periods.SessionTTL)
	err = m.Store.InTx(ctx, func(s Store) error {
		if err := s.CreateSession(ctx, a.ID, tokenHash, expires); err != nil {
			return err
		}
		return s.SetLoginAttemptOK(ctx, attempt)
	})
	if err != nil {
		return nil, err
	}
	return &Session{Token: token, ExpiresAt: expires, Account: a}, nil
}

// Authenticate resolves a bearer token or session cookie to an actor.
func (m *Marketplace) Authenticate(ctx context.Context, token string) (Actor, error) {
	if token == "" || len(token) > 200 {
		return Actor{}, ErrUnauthenticated
	}
	a, expires, now, err := m.Store.FindSession(ctx, HashToken(token))
	if ErrorCode(err) == ENOTFOUND {
		return Actor{}, ErrTokenExpired
	} else if err != nil {
		return Actor{}, err
	}
	if !now.Before(expires) {
		return Actor{}, ErrTokenExpired
	}
	return Actor{ID: a.ID, Role: a.Role, Name: a.Name, CommitmentPending: a.CommitmentPending}, nil
}

// Logout revokes the session of token.
func (m *Marketplace) Logout(ctx context.Context, token string) error {
	return m.Store.RevokeSession(ctx, HashToken(token))
}

// Me returns the actor's own account.
func (m *Marketplace) Me(ctx context.Context, actor Actor) (*Account, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	return m.Store.FindAccountByID(ctx, actor.ID)
}

// HashToken is what the store keeps of a token: SHA-256 is enough because the
// token itself is 256 random bits, so it cannot be guessed from the hash.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func newToken() (string, string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", errors.Join(errors.New("domain: read random token"), err)
	}
	t := base64.RawURLEncoding.EncodeToString(b)
	return t, HashToken(t), nil
}

// CountAccounts counts accounts of a role (public statistics).
func (m *Marketplace) CountAccounts(ctx context.Context, role string) (int, error) {
	return m.Store.CountAccounts(ctx, role)
}
