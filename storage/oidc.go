package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
)

// CreateOIDCLogin implements domain.OIDCStore.
func (s *DB) CreateOIDCLogin(ctx context.Context, l domain.OIDCLogin) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO oidc_logins (state_hash, nonce, verifier, back, expires_at)
		VALUES (?, ?, ?, ?, ?)`, l.StateHash, l.Nonce, l.Verifier, l.Back, l.ExpiresAt).Error
	if err != nil {
		return fmt.Errorf("storage: create oidc login: %w", err)
	}
	return nil
}

// TakeOIDCLogin implements domain.OIDCStore: one statement both checks and
// consumes, so two callbacks with one state cannot both pass.
func (s *DB) TakeOIDCLogin(ctx context.Context, stateHash string) (*domain.OIDCLogin, error) {
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	var rows []struct {
		Nonce, Verifier, Back string
		ExpiresAt             time.Time
	}
	err = s.db.WithContext(ctx).Raw(`UPDATE oidc_logins SET used_at = ?
		WHERE state_hash = ? AND used_at IS NULL AND expires_at > ?
		RETURNING nonce, verifier, back, expires_at`, now, stateHash, now).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: take oidc login: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrOIDCState
	}
	r := rows[0]
	return &domain.OIDCLogin{StateHash: stateHash, Nonce: r.Nonce, Verifier: r.Verifier, Back: r.Back, ExpiresAt: r.ExpiresAt}, nil
}

// CreatePendingIdentity implements domain.OIDCStore.
func (s *DB) CreatePendingIdentity(ctx context.Context, p domain.PendingIdentity, tokenHash string, expiresAt time.Time) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO oidc_pending_identities (token_hash, issuer, subject, uscc, name, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, tokenHash, p.Issuer, p.Subject, p.USCC, p.Name, expiresAt).Error
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
func (s *DB) pendingIdentity(ctx context.Context, tokenHash string, lock bool) (*domain.PendingIdentity, error) {
	q := `SELECT issuer, subject, uscc, name, expires_at FROM oidc_pending_identities
		WHERE token_hash = ? AND used_at IS NULL`
	if lock {
		q += " FOR UPDATE"
	}
	var rows []pendingIdentityRow
	if err := s.db.WithContext(ctx).Raw(q, tokenHash).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find pending identity: %w", err)
	}
	if len(rows) == 0 {
		return nil, domain.ErrOIDCPending
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	r := rows[0]
	if !now.Before(r.ExpiresAt) {
		return nil, domain.ErrOIDCPending
	}
	return &domain.PendingIdentity{Identity: domain.Identity{Issuer: r.Issuer, Subject: r.Subject, USCC: r.USCC, Name: r.Name}}, nil
}

// FindPendingIdentity implements domain.OIDCStore.
func (s *DB) FindPendingIdentity(ctx context.Context, tokenHash string) (*domain.PendingIdentity, error) {
	return s.pendingIdentity(ctx, tokenHash, false)
}

// TakePendingIdentity implements domain.OIDCStore.
func (s *DB) TakePendingIdentity(ctx context.Context, tokenHash string) (*domain.PendingIdentity, error) {
	p, err := s.pendingIdentity(ctx, tokenHash, true)
	if err != nil {
		return nil, err
	}
	now, err := s.Now(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.db.WithContext(ctx).Exec(`UPDATE oidc_pending_identities SET used_at = ? WHERE token_hash = ?`,
		now, tokenHash).Error; err != nil {
		return nil, fmt.Errorf("storage: take pending identity: %w", err)
	}
	return p, nil
}

// FindAccountByIdentity implements domain.OIDCStore.
func (s *DB) FindAccountByIdentity(ctx context.Context, issuer, subject string) (*domain.Account, error) {
	var r accountRow
	err := s.db.WithContext(ctx).Where("id = (SELECT account_id FROM account_identities WHERE issuer = ? AND subject = ?)",
		issuer, subject).Take(&r).Error
	if err != nil {
		return nil, formatError(err, domain.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// FindAccountByUSCC implements domain.OIDCStore.
func (s *DB) FindAccountByUSCC(ctx context.Context, uscc string) (*domain.Account, error) {
	var r accountRow
	if err := s.db.WithContext(ctx).Where("uscc = ?", uscc).Take(&r).Error; err != nil {
		return nil, formatError(err, domain.ErrAccountNotFound, nil)
	}
	return r.toDomain(), nil
}

// LinkIdentity implements domain.OIDCStore.
func (s *DB) LinkIdentity(ctx context.Context, accountID int64, issuer, subject string) error {
	err := s.db.WithContext(ctx).Exec(`INSERT INTO account_identities (issuer, subject, account_id) VALUES (?, ?, ?)`,
		issuer, subject, accountID).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return domain.ErrIdentityLinked
	} else if err != nil {
		return fmt.Errorf("storage: link identity: %w", err)
	}
	return nil
}
