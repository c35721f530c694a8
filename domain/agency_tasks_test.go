package domain

import (
	"testing"
	"time"

	"marketplace/domain/market"
)

func TestAwardedProject_NextTask(t *testing.T) {
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		p    AwardedProject
		want string // "" for no task
	}{
		{"awarded, unsigned", AwardedProject{Status: market.ProjectAwarded, SigningDueAt: &due}, AgencyTaskSign},
		{"awarded, signed by the agency", AwardedProject{Status: market.ProjectAwarded, AgencySigned: true}, ""},
		{"contracted", AwardedProject{Status: market.ProjectContracted, ServiceDueAt: &due}, AgencyTaskDeliver},
		{"delivered", AwardedProject{Status: market.ProjectDelivered}, ""},
		{"completed, evaluation unanswered", AwardedProject{Status: market.ProjectCompleted, Evaluated: true}, AgencyTaskReply},
		{"completed, answered", AwardedProject{Status: market.ProjectCompleted, Evaluated: true, Replied: true}, ""},
		{"completed, not evaluated", AwardedProject{Status: market.ProjectCompleted}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.p.NextTask()
			if got, want := got.Task, tc.want; ok != (want != "") || got != want {
				t.Errorf("task %q (ok %v), want %q", got, ok, want)
			}
			if ok && tc.want != AgencyTaskReply && got.Deadline != &due {
				t.Errorf("deadline %v, want the stage's", got.Deadline)
			}
		})
	}
}
