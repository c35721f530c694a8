package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"sync"
	"time"

	"marketplace/domain/commitment"
	"marketplace/domain/kernel"
)

// Accounts holds the use cases of accounts, sessions and single sign-on.
// It is cheap to build; domain.Marketplace builds one per call from its
// fields and keeps the Timing memo across calls.
type Accounts struct {
	// Store reads outside a transaction.
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
	// Hasher hashes and checks passwords (argon2id, outside the domain).
	Hasher PasswordHasher
	// SessionTTL is how long a session lasts.
	SessionTTL time.Duration
	// Timing makes a login for an unknown e-mail take as long as one for a
	// known e-mail; it must outlive the call (it memoises a hash).
	Timing *TimingEqualiser
}

// TimingEqualiser spends a password check on a hash made once, so that
// timing does not tell which e-mails exist.
type TimingEqualiser struct {
	once sync.Once
	hash string
}

// spend checks password against the equaliser's own hash (and so fails).
func (t *TimingEqualiser) spend(h PasswordHasher, password string) {
	t.once.Do(func() { t.hash, _ = h.Hash("timing-equaliser-password") })
	h.Verify(t.hash, password)
}

// Register creates an enterprise or agency account, active at once: the seed
// demands zero-threshold entry, so there is no approval queue.
func (ac *Accounts) Register(ctx context.Context, in RegisterInput) (*Account, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := ac.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	a := &Account{
		Role: in.Role, Name: in.Name, USCC: in.USCC, LegalRepresentative: in.LegalRepresentative,
		ContactPhone: in.ContactPhone, Email: in.Email, Status: kernel.StatusActive, PasswordHash: hash,
	}
	// A USCC any account holds, whatever its status, is taken (the unique
	// index answers uscc_taken): an exited agency rejoins through its own
	// login (RejoinAgency), never by registering again.
	err = ac.InTx(ctx, func(s Tx) error {
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
		return s.AppendAudit(ctx, kernel.NewAudit(kernel.Actor{ID: a.ID, Role: a.Role, Name: a.Name}, "account.registered", "account", strconv.FormatInt(a.ID, 10),
			map[string]any{"role": a.Role, "name": a.Name, "uscc": a.USCC, "commitment_version": in.AcceptCommitmentVersion}))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// CreateStaffAccount creates a department or admin account (admin CLI).
func (ac *Accounts) CreateStaffAccount(ctx context.Context, in StaffAccountInput) (*Account, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := ac.Hasher.Hash(in.Password)
	if err != nil {
		return nil, err
	}
	a := &Account{Role: in.Role, Name: in.Name, Email: in.Email, Region: in.Region, Level: in.Level, Status: kernel.StatusActive, PasswordHash: hash}
	err = ac.InTx(ctx, func(s Tx) error {
		if err := s.CreateAccount(ctx, a); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(kernel.SystemActor, "account.staff_created", "account", strconv.FormatInt(a.ID, 10),
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
func (ac *Accounts) Login(ctx context.Context, email, password, ip string) (*Session, error) {
	in := RegisterInput{Email: email}
	in.Normalize()
	email = in.Email
	now, err := ac.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	var attempt int64
	err = ac.InTx(ctx, func(s Tx) error {
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
	a, err := ac.Store.FindAccountByEmail(ctx, email)
	if err != nil && kernel.ErrorCode(err) != kernel.ENOTFOUND {
		return nil, err
	}
	if a == nil || !ac.Hasher.Verify(a.PasswordHash, password) {
		if a == nil {
			// Spend the same time as a real check so timing does not tell
			// which e-mails exist.
			ac.Timing.spend(ac.Hasher, password)
		}
		return nil, ErrBadCredentials
	}
	token, tokenHash, err := newToken()
	if err != nil {
		return nil, err
	}
	expires := now.Add(ac.SessionTTL)
	err = ac.InTx(ctx, func(s Tx) error {
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
func (ac *Accounts) Authenticate(ctx context.Context, token string) (kernel.Actor, error) {
	if token == "" || len(token) > 200 {
		return kernel.Actor{}, kernel.ErrUnauthenticated
	}
	a, expires, now, err := ac.Store.FindSession(ctx, HashToken(token))
	if kernel.ErrorCode(err) == kernel.ENOTFOUND {
		return kernel.Actor{}, ErrTokenExpired
	} else if err != nil {
		return kernel.Actor{}, err
	}
	if !now.Before(expires) {
		return kernel.Actor{}, ErrTokenExpired
	}
	return kernel.Actor{ID: a.ID, Role: a.Role, Name: a.Name, CommitmentPending: a.CommitmentPending}, nil
}

// Logout revokes the session of token.
func (ac *Accounts) Logout(ctx context.Context, token string) error {
	return ac.Store.RevokeSession(ctx, HashToken(token))
}

// Me returns the actor's own account.
func (ac *Accounts) Me(ctx context.Context, actor kernel.Actor) (*Account, error) {
	if actor.IsAnonymous() {
		return nil, kernel.ErrUnauthenticated
	}
	return ac.Store.FindAccountByID(ctx, actor.ID)
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
func (ac *Accounts) CountAccounts(ctx context.Context, role string) (int, error) {
	return ac.Store.CountAccounts(ctx, role)
}
