package domain

import (
	"context"
	"time"
)

// OwnerStage is what the owner's to-do list reads of one of its projects
// past bidding (LifecycleStore.FindOwnerStages): the deadlines of its
// stages, whether the owner signed the contract, and the answer deadline
// of the first open objection.
type OwnerStage struct {
	ProjectID       int64
	Status          string
	PublicityEndsAt *time.Time
	SigningDueAt    *time.Time
	ServiceDueAt    *time.Time
	EvaluationDueAt *time.Time
	OwnerSigned     bool       // the contract bears the owner's signature
	ObjectionDueAt  *time.Time // the first open objection's answer deadline; nil when none is open
}

// OwnerStages reads the stage of each of the calling owner's projects among
// ids, in one read whatever their number; projects of other owners are left
// out.
func (m *Marketplace) OwnerStages(ctx context.Context, actor Actor, ids []int64) (map[int64]*OwnerStage, error) {
	if actor.IsAnonymous() {
		return nil, ErrUnauthenticated
	}
	out := make(map[int64]*OwnerStage, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	stages, err := m.Store.FindOwnerStages(ctx, actor.ID, ids)
	if err != nil {
		return nil, err
	}
	for _, s := range stages {
		out[s.ProjectID] = s
	}
	return out, nil
}
