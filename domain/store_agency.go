package domain

import (
	"context"
	"time"
)

// AgencyStore persists agency profiles, items, qualifications, affiliations (agencies issue).
type AgencyStore interface {
	// FindAgency returns the whole profile: items, every qualification (with
	// Flagged set; Valid is the caller's to compute), affiliations, credit,
	// completed projects and evaluations. forUpdate locks the account row.
	FindAgency(ctx context.Context, id int64, forUpdate bool) (*Agency, error)
	// FindAgencies is the public directory.
	FindAgencies(ctx context.Context, f AgencyFilter) ([]*AgencySummary, int, error)
	// FindAgencyCredit is the one place credit is read from (the credit
	// rules keep agency_profiles.credit_score/credit_grade current).
	FindAgencyCredit(ctx context.Context, agencyID int64) (CreditSummary, error)
	// UpdateAgencyProfile writes the editable profile fields, the contact
	// phone and the list of service items.
	UpdateAgencyProfile(ctx context.Context, a *Agency) error
	// SetAgencyExited marks the agency exited at t.
	SetAgencyExited(ctx context.Context, agencyID int64, t time.Time) error
	// SetAgencyRejoined makes an exited agency active again, clearing its
	// exit date; its account, sessions and history are untouched.
	SetAgencyRejoined(ctx context.Context, agencyID int64) error
	// FindOpenEngagements lists what keeps an agency from exiting.
	FindOpenEngagements(ctx context.Context, agencyID int64) ([]OpenEngagement, error)

	// CreateFile indexes an uploaded document (nothing happens when the
	// same content is already indexed).
	CreateFile(ctx context.Context, d Document) error
	CreateQualification(ctx context.Context, q *Qualification) error
	FindQualification(ctx context.Context, id int64, forUpdate bool) (*Qualification, error)
	FindQualifications(ctx context.Context, agencyID int64, itemCode string) ([]*Qualification, error)
	DeleteQualification(ctx context.Context, id int64) error
	CreateQualificationFlag(ctx context.Context, f *QualificationFlag) error

	CreateAffiliation(ctx context.Context, a *Affiliation) error
	FindAffiliation(ctx context.Context, id int64, forUpdate bool) (*Affiliation, error)
	DeleteAffiliation(ctx context.Context, id int64) error

	FindDepartments(ctx context.Context, p Page) ([]*Department, int, error)
}
