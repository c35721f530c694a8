package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// Due stages: which time-driven transition a job looks for (see
// LifecycleStore.FindProjectsDue).
const (
	DueSelection  = "selection"  // evaluating projects whose method the platform ranks alone
	DuePublicity  = "publicity"  // publicity ended (not paused)
	DueSigning    = "signing"    // awarded, signing period over
	DueService    = "service"    // contracted, not yet flagged overdue, service period over
	DueEvaluation = "evaluation" // accepted, evaluation window over
	// Objection deadlines, whatever the project's status: an objection
	// against a candidate that dropped out still needs its exit.
	DueObjectionAnswer = "objection_answer" // an objection unanswered past its answer period
	DueComplaint       = "complaint"        // an answered objection not escalated within the complaint period
)

// LifecycleStore persists what happens after bidding closes (awards issue):
// stage deadlines, ranked candidates, objections, contracts, deliveries,
// payments and evaluations. It declares the stages and candidates and
// embeds the narrower stores of the later steps.
type LifecycleStore interface {
	market.ObjectionStore
	PerformanceStore

	// FindLifecycle and SaveLifecycle: the stage columns.
	market.StageStore
	// SaveResult writes the public result document (projects.result).
	SaveResult(ctx context.Context, projectID int64, r *market.Result) error
	// FindAwardedProjects reads the projects awarded to the agency in the
	// given states, with their contract signature and evaluation reply.
	FindAwardedProjects(ctx context.Context, agencyID int64, statuses []string) ([]*AwardedProject, error)
	// FindOwnerStages reads, in one statement, the stage columns of the
	// owner's projects among ids, with the owner's contract signature and
	// the first open objection's answer deadline.
	FindOwnerStages(ctx context.Context, ownerID int64, ids []int64) ([]*OwnerStage, error)
	// FindProjectsDue locks up to limit project ids due for stage at now,
	// skipping rows other transactions hold (FOR UPDATE SKIP LOCKED).
	FindProjectsDue(ctx context.Context, stage string, now time.Time, limit int) ([]int64, error)

	market.CandidateStore
}

// PerformanceStore persists what follows the award: the contract, the
// deliveries, the payments and the owner's evaluation.
type PerformanceStore interface {
	market.ContractStore

	market.DeliveryStore

	market.PaymentStore

	market.EvaluationStore
}
