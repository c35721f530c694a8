package domain

import (
	"context"
	"time"

	"marketplace/domain/commitment"
	"marketplace/domain/credit"
)

// What domain/credit needs from the contexts that stay in domain, as the
// small interfaces it declares.

// creditConfirmations is the second-department queue (confirmation.go) as
// credit's violations use it, bound to the transaction s.
type creditConfirmations struct{ s Store }

func (c creditConfirmations) NeedsSecondDepartment(ctx context.Context, department, agencyID int64, projectID *int64, now time.Time) (bool, error) {
	ties, err := departmentTies(ctx, c.s, department, agencyID, projectID, now)
	if err != nil {
		return false, err
	}
	return ties.NeedsSecondDepartment(), nil
}

func (c creditConfirmations) RequestViolation(ctx context.Context, actor Actor, violationID int64, now time.Time) error {
	return requestConfirmation(ctx, c.s, actor, ConfirmSubjectViolation, violationID, now)
}

func (c creditConfirmations) ConfirmViolation(ctx context.Context, actor Actor, violationID int64) (bool, error) {
	req, err := c.s.FindConfirmationOf(ctx, ConfirmSubjectViolation, violationID)
	if ErrorCode(err) == ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return true, confirm(ctx, c.s, actor, req)
}

// creditCatalogue is the service-item catalogue as an inspection uses it.
type creditCatalogue struct{ s Store }

func (c creditCatalogue) CheckItem(ctx context.Context, code string) error {
	_, err := c.s.FindItemByCode(ctx, code, false)
	return err
}

// creditCommitments reads the registration commitment an agency signed.
type creditCommitments struct{ s Store }

func (c creditCommitments) LatestSigned(ctx context.Context, agencyID int64) (*credit.SignedCommitment, error) {
	a, err := c.s.LatestCommitmentAcceptance(ctx, agencyID)
	if err != nil || a == nil {
		return nil, err
	}
	return signedCommitment(a), nil
}

// signedCommitment is an acceptance as the credit record shows it: the same
// fields, so the record's JSON is the acceptance's.
func signedCommitment(a *commitment.Acceptance) *credit.SignedCommitment {
	return &credit.SignedCommitment{AccountID: a.AccountID, TextID: a.TextID, Version: a.Version, SHA256: a.SHA256, AcceptedAt: a.AcceptedAt}
}
