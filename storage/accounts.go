package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/identity"
)

type accountRow struct {
	ID                  int64 `gorm:"primaryKey;->"`
	Role                string
	Name                string
	USCC                *string `gorm:"column:uscc"`
	LegalRepresentative string
	ContactPhone        string
	Email               string
	Region              string
	Level               string
	Status              string
	PasswordHash        string
	CreatedAt           time.Time `gorm:"->"`
}

func (accountRow) TableName() string { return "accounts" }

func (r *accountRow) toDomain() *identity.Account {
	a := &identity.Account{ID: r.ID, Role: r.Role, Name: r.Name, LegalRepresentative: r.LegalRepresentative,
		ContactPhone: r.ContactPhone, Email: r.Email, Region: r.Region, Level: r.Level, Status: r.Status,
		PasswordHash: r.PasswordHash, CreatedAt: r.CreatedAt}
	if r.USCC != nil {
		a.USCC = *r.USCC
	}
	return a
}

// CreateAccount implements identity.AccountStore.
func (s *DB) CreateAccount(ctx context.Context, a *identity.Account) error {
	r := accountRow{Role: a.Role, Name: a.Name, LegalRepresentative: a.LegalRepresentative, ContactPhone: a.ContactPhone,
		Email: a.Email, Region: a.Region, Level: a.Level, Status: a.Status, PasswordHash: a.PasswordHash}
	if a.USCC != "" {
		r.USCC = &a.USCC
	}
	err := s.db.WithContext(ctx).Create(&r).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		if constraintName(err) == "accounts_uscc_key" {
			return identity.ErrDuplicateUSCC
		}
		return identity.ErrDuplicateEmail
	} else if err != nil {
		return fmt.Errorf("storage: create account: %w", err)
	}
	if a.Role == domain.RoleAgency {
		// Every agency has a profile row from the start, holding its credit.
		if err := s.db.WithContext(ctx).Table("agency_profiles").Create(map[string]any{"account_id": r.ID}).Error; err != nil {
			return fmt.Errorf("storage: create agency profile: %w", err)
		}
	}
	var created accountRow
	if err := s.db.WithContext(ctx).Take(&created, r.ID).Error; err != nil {
		return fmt.Errorf("storage: reload account %d: %w", r.ID, err)
	}
	*a = *created.toDomain()
	return nil
}

// FindAccountByID implements identity.AccountStore.
func (s *DB) FindAccountByID(ctx context.Context, id int64) (*identity.Account, error) {
	var r accountRow
	if err := s.db.WithContext(ctx).Take(&r, id).Error; err != nil {
		return nil, formatError(err, identity.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// FindAccountByEmail implements identity.AccountStore.
func (s *DB) FindAccountByEmail(ctx context.Context, email string) (*identity.Account, error) {
	var r accountRow
	if err := s.db.WithContext(ctx).Where("email = ?", email).Take(&r).Error; err != nil {
		return nil, formatError(err, identity.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// CountAccounts implements identity.AccountStore.
func (s *DB) CountAccounts(ctx context.Context, role string) (int, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&accountRow{}).Where("role = ?", role).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: count accounts: %w", err)
	}
	return int(n), nil
}

// CreateSession implements identity.AccountStore.
func (s *DB) CreateSession(ctx context.Context, accountID int64, tokenHash string, expiresAt time.Time) error {
	err := s.db.WithContext(ctx).Table("sessions").
		Create(map[string]any{"token_hash": tokenHash, "account_id": accountID, "expires_at": expiresAt}).Error
	if err != nil {
		return fmt.Errorf("storage: create session: %w", err)
	}
	return nil
}

// FindSession implements identity.AccountStore: one query per request, which
// also reads the database clock. Every authenticated request runs it, so
// it is sent and scanned without GORM.
func (s *DB) FindSession(ctx context.Context, tokenHash string) (*identity.Account, time.Time, time.Time, error) {
	// A lookup inside a transaction reads the database: the transaction
	// may have changed what it answers.
	cache := s.sessions
	if _, inTx := s.db.Statement.ConnPool.(gorm.TxCommitter); inTx || requestTx(ctx) != nil {
		cache = nil
	}
	if cache != nil {
		now := time.Now().UTC()
		if f := s.clock.get(); f != nil {
			now = f().UTC().Truncate(time.Microsecond)
		}
		if a, expires, ok := cache.get(tokenHash, now); ok {
			return a, expires, now, nil
		}
	}
	var gen uint64
	if cache != nil {
		gen, _ = cache.begin()
	}
	a := &identity.Account{}
	var expires, now time.Time
	err := s.conn().QueryRowContext(ctx, `SELECT a.id, a.role, a.name, a.status, s.expires_at, clock_timestamp(), `+commitmentPendingSQL+`
		FROM sessions s JOIN accounts a ON a.id = s.account_id
		WHERE s.token_hash = $1 AND s.revoked_at IS NULL`, tokenHash).Scan(&a.ID, &a.Role, &a.Name, &a.Status, &expires, &now, &a.CommitmentPending)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, time.Time{}, time.Time{}, identity.ErrTokenExpired
	} else if err != nil {
		return nil, time.Time{}, time.Time{}, fmt.Errorf("storage: find session: %w", outage(err))
	}
	now = now.UTC()
	if f := s.clock.get(); f != nil {
		now = f().UTC().Truncate(time.Microsecond)
	}
	if cache != nil {
		cache.put(gen, tokenHash, a, expires)
	}
	return a, expires, now, nil
}

// RevokeSession implements identity.AccountStore.
func (s *DB) RevokeSession(ctx context.Context, tokenHash string) error {
	err := s.db.WithContext(ctx).Table("sessions").Where("token_hash = ? AND revoked_at IS NULL", tokenHash).
		Update("revoked_at", gorm.Expr("clock_timestamp()")).Error
	if err != nil {
		return fmt.Errorf("storage: revoke session: %w", err)
	}
	// The other replicas hear of it from the database (sessions_notify).
	if s.sessions != nil {
		s.sessions.dropToken(tokenHash)
	}
	return nil
}

// LockLoginThrottle implements identity.AccountStore with transaction-level
// advisory locks, which also cover e-mails no account has. The e-mail's is
// always taken before the address's, so two attempts cannot deadlock.
func (s *DB) LockLoginThrottle(ctx context.Context, email, ip string) error {
	err := s.db.WithContext(ctx).Exec(`SELECT pg_advisory_xact_lock(hashtextextended('login-email:' || ?, 0)),
		pg_advisory_xact_lock(hashtextextended('login-ip:' || ?, 0))`, email, ip).Error
	if err != nil {
		return fmt.Errorf("storage: lock login throttle: %w", err)
	}
	return nil
}

// countLoginAttemptsSQL: queries/account_login_attempts_count.sql.
var countLoginAttemptsSQL = loadQuery("account_login_attempts_count")

// CountLoginAttempts implements identity.AccountStore. It runs as its own
// statement after the lock, so under READ COMMITTED it sees every attempt
// the previous lock holder recorded.
func (s *DB) CountLoginAttempts(ctx context.Context, q identity.LoginThrottleQuery) (identity.LoginCounts, error) {
	var r struct {
		AccountAddress, Address, Account int
		LastAccountFailure               *time.Time
		KnownAddress                     bool
	}
	err := s.db.WithContext(ctx).Raw(countLoginAttemptsSQL,
		map[string]any{"email": q.Email, "ip": q.IP, "since": q.Since, "known": q.KnownSince}).Scan(&r).Error
	if err != nil {
		return identity.LoginCounts{}, fmt.Errorf("storage: count login attempts: %w", err)
	}
	c := identity.LoginCounts{AccountAddress: r.AccountAddress, Address: r.Address, Account: r.Account, KnownAddress: r.KnownAddress}
	if r.LastAccountFailure != nil {
		c.LastAccountFailure = *r.LastAccountFailure
	}
	return c, nil
}

// loginAttemptRow is a failed attempt as first written; a success is
// marked afterwards (SetLoginAttemptOK).
type loginAttemptRow struct {
	ID    int64 `gorm:"primaryKey;->"`
	Email string
	IP    string
	OK    bool
	At    time.Time
}

func (loginAttemptRow) TableName() string { return "login_attempts" }

// CreateLoginAttempt implements identity.AccountStore.
func (s *DB) CreateLoginAttempt(ctx context.Context, email, ip string, at time.Time) (int64, error) {
	r := loginAttemptRow{Email: email, IP: ip, At: at}
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return 0, fmt.Errorf("storage: record login attempt: %w", err)
	}
	return r.ID, nil
}

// SetLoginAttemptOK implements identity.AccountStore.
func (s *DB) SetLoginAttemptOK(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Table("login_attempts").Where("id = ?", id).Update("ok", true).Error; err != nil {
		return fmt.Errorf("storage: login attempt %d ok: %w", id, err)
	}
	return nil
}
