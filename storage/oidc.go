package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain/identity"
)

// CreateOIDCLogin implements identity.OIDCStore.
func (s *DB) CreateOIDCLogin(ctx context.Context, l identity.OIDCLogin) error {
	err := s.db.WithContext(ctx).Table("oidc_logins").Create(map[string]any{
		"state_hash": l.StateHash, "nonce": l.Nonce, "verifier": l.Verifier, "back": l.Back, "expires_at": l.ExpiresAt}).Error
	if err != nil {
		return fmt.Errorf("storage: create oidc login: %w", err)
	}
	return nil
}

// oidcLoginRow is what a callback reads back of its login.
type oidcLoginRow struct {
	Nonce, Verifier, Back string
	ExpiresAt             time.Time
}

func (oidcLoginRow) TableName() string { return "oidc_logins" }

// TakeOIDCLogin implements identity.OIDCStore: one statement both checks and
// consumes, so two callbacks with one state cannot both pass.
func (s *DB) TakeOIDCLogin(ctx context.Context, stateHash string) (*identity.OIDCLogin, error) {
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	var rows []oidcLoginRow
	err = s.db.WithContext(ctx).Model(&rows).
		Clauses(clause.Returning{Columns: []clause.Column{{Name: "nonce"}, {Name: "verifier"}, {Name: "back"}, {Name: "expires_at"}}}).
		Where("state_hash = ? AND used_at IS NULL AND expires_at > ?", stateHash, now).Update("used_at", now).Error
	if err != nil {
		return nil, fmt.Errorf("storage: take oidc login: %w", err)
	}
	if len(rows) == 0 {
		return nil, identity.ErrOIDCState
	}
	r := rows[0]
	return &identity.OIDCLogin{StateHash: stateHash, Nonce: r.Nonce, Verifier: r.Verifier, Back: r.Back, ExpiresAt: r.ExpiresAt}, nil
}

// CreatePendingIdentity implements identity.OIDCStore.
func (s *DB) CreatePendingIdentity(ctx context.Context, p identity.PendingIdentity, tokenHash string, expiresAt time.Time) error {
	err := s.db.WithContext(ctx).Table("oidc_pending_identities").Create(map[string]any{
		"token_hash": tokenHash, "issuer": p.Issuer, "subject": p.Subject, "uscc": p.USCC, "name": p.Name, "expires_at": expiresAt}).Error
	if err != nil {
		return fmt.Errorf("storage: create pending identity: %w", err)
	}
	return nil
}

type pendingIdentityRow struct {
	Issuer, Subject, USCC, Name string
	ExpiresAt                   time.Time
}

// pendingIdentity reads the pending identity; lock takes the row lock first
// and then judges expiry by the platform clock, so that the decision holds
// until the transaction ends.
func (s *DB) pendingIdentity(ctx context.Context, tokenHash string, lock bool) (*identity.PendingIdentity, error) {
	q := s.db.WithContext(ctx).Table("oidc_pending_identities").Select("issuer, subject, uscc, name, expires_at").
		Where("token_hash = ? AND used_at IS NULL", tokenHash)
	q = q.Scopes(forUpdateIf(lock))
	var rows []pendingIdentityRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find pending identity: %w", err)
	}
	if len(rows) == 0 {
		return nil, identity.ErrOIDCPending
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	r := rows[0]
	if !now.Before(r.ExpiresAt) {
		return nil, identity.ErrOIDCPending
	}
	return &identity.PendingIdentity{Identity: identity.Identity{Issuer: r.Issuer, Subject: r.Subject, USCC: r.USCC, Name: r.Name}}, nil
}

// FindPendingIdentity implements identity.OIDCStore.
func (s *DB) FindPendingIdentity(ctx context.Context, tokenHash string) (*identity.PendingIdentity, error) {
	return s.pendingIdentity(ctx, tokenHash, false)
}

// TakePendingIdentity implements identity.OIDCStore.
func (s *DB) TakePendingIdentity(ctx context.Context, tokenHash string) (*identity.PendingIdentity, error) {
	p, err := s.pendingIdentity(ctx, tokenHash, true)
	if err != nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	err = s.db.WithContext(ctx).Table("oidc_pending_identities").Where("token_hash = ?", tokenHash).Update("used_at", now).Error
	if err != nil {
		return nil, fmt.Errorf("storage: take pending identity: %w", err)
	}
	return p, nil
}

// FindAccountByIdentity implements identity.OIDCStore.
func (s *DB) FindAccountByIdentity(ctx context.Context, issuer, subject string) (*identity.Account, error) {
	var r accountRow
	err := s.db.WithContext(ctx).Where("id = (SELECT account_id FROM account_identities WHERE issuer = ? AND subject = ?)",
		issuer, subject).Take(&r).Error
	if err != nil {
		return nil, formatError(err, identity.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// FindAccountByUSCC implements identity.OIDCStore.
func (s *DB) FindAccountByUSCC(ctx context.Context, uscc string) (*identity.Account, error) {
	var r accountRow
	if err := s.db.WithContext(ctx).Where("uscc = ?", uscc).Take(&r).Error; err != nil {
		return nil, formatError(err, identity.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// LinkIdentity implements identity.OIDCStore.
func (s *DB) LinkIdentity(ctx context.Context, accountID int64, issuer, subject string) error {
	err := s.db.WithContext(ctx).Table("account_identities").
		Create(map[string]any{"issuer": issuer, "subject": subject, "account_id": accountID}).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return identity.ErrIdentityLinked
	} else if err != nil {
		return fmt.Errorf("storage: link identity: %w", err)
	}
	return nil
}
