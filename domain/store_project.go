package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// OwnerProjectFacts is one agency's standing on one of an owner's projects.
type OwnerProjectFacts struct {
	Project         *market.Project
	AwardedAgencyID *int64
	Facts           *market.AgencyFacts
}

// ProjectStore persists projects, bids and auctions (bidding issue).
type ProjectStore interface {
	// CreateProject inserts a draft with its avoid list and sets its ID.
	CreateProject(ctx context.Context, p *market.Project) error
	// FindProjectByID loads a project with its avoid list, locking its row
	// as asked; ErrProjectNotFound when there is none.
	FindProjectByID(ctx context.Context, id int64, lock market.LockMode) (*market.Project, error)
	FindProjects(ctx context.Context, f market.ProjectFilter) ([]*market.Project, int, error)
	// UpdateProjectState writes the bidding fields: closes_at, extensions,
	// auction state, cancel reason, published_at, closed_at. The status is
	// written by SetProjectStatus only (market.Fire, domain/market/fire.go).
	UpdateProjectState(ctx context.Context, p *market.Project) error
	market.StatusWriter
	// FindProjectsToClose locks up to limit projects in bidding whose
	// closes_at <= now, skipping rows other transactions hold.
	FindProjectsToClose(ctx context.Context, now time.Time, limit int) ([]*market.Project, error)
	// FindAgencyFacts reads what eligibility needs about agency for p, with
	// qualifications judged on the date of now.
	FindAgencyFacts(ctx context.Context, agencyID int64, p *market.Project, now time.Time) (*market.AgencyFacts, error)
	// FindItemAgencyFacts reads FindAgencyFacts for every agency that offers
	// p's item (the only agencies that can be eligible), for counting who
	// could bid on p; Avoided is left to the caller.
	FindItemAgencyFacts(ctx context.Context, p *market.Project, now time.Time) ([]*market.AgencyFacts, error)
	// FindOwnerProjectFacts reads FindAgencyFacts of one agency for each
	// unfinished project of owner (published, not failed, cancelled or
	// completed) whose item the agency offers or which it holds.
	FindOwnerProjectFacts(ctx context.Context, ownerID, agencyID int64, now time.Time) ([]OwnerProjectFacts, error)
	// AgenciesExist returns which of ids are agency accounts.
	AgenciesExist(ctx context.Context, ids []int64) (map[int64]bool, error)

	// FindBid returns the agency's bid on the project; ErrBidNotFound when none.
	FindBid(ctx context.Context, projectID, agencyID int64) (*market.Bid, error)
	// FindAgencyBids returns the agency's bids on any of the projects.
	FindAgencyBids(ctx context.Context, agencyID int64, projectIDs []int64) ([]*market.Bid, error)
	// SaveBid inserts or replaces the agency's one bid on the project.
	SaveBid(ctx context.Context, b *market.Bid) error
	FindBids(ctx context.Context, projectID int64) ([]*market.Bid, error)
	SetBidStatus(ctx context.Context, bidID int64, status, reason string, now time.Time) error

	FindAuctionBids(ctx context.Context, projectID int64) ([]*market.AuctionBid, error)
	// NotifyAuction publishes ev to every replica when the transaction commits.
	NotifyAuction(ctx context.Context, ev market.AuctionEvent) error
}
