package market

import (
	"slices"
	"testing"

	"marketplace/domain/kernel"
)

var allStatuses = []string{ProjectDraft, ProjectBidding, ProjectEvaluating, ProjectFailed, ProjectPublicity, ProjectAwarded,
	ProjectContracted, ProjectDelivered, ProjectAccepted, ProjectCompleted, ProjectCancelled}

var allEvents = []Event{EventPublish, EventCancel, EventClose, EventCloseFailed, EventSelect, EventSelectNone,
	EventPromoteNext, EventDropLast, EventAward, EventSign, EventOwnerUnsigned, EventDeliver, EventAcceptWork, EventReturnWork, EventEvaluate}

var allRoles = []string{kernel.RoleEnterprise, kernel.RoleDepartment, kernel.RoleAgency, kernel.RoleAdmin, kernel.RoleSystem}

// TestNext asks Next for every (status, event, role): a listed pair leads
// to its row's status for the row's roles and is forbidden to the others;
// a pair the table does not list is not allowed to anyone. Every row is
// listed once, with a guard and at least one role.
func TestNext(t *testing.T) {
	listed := map[string]map[Event]Transition{}
	for _, tr := range Transitions {
		if listed[tr.From] == nil {
			listed[tr.From] = map[Event]Transition{}
		}
		if _, dup := listed[tr.From][tr.Event]; dup {
			t.Fatalf("(%s, %s) is listed twice", tr.From, tr.Event)
		}
		listed[tr.From][tr.Event] = tr
		if len(tr.Roles) == 0 || tr.Guard == "" {
			t.Errorf("(%s, %s) has no roles or no guard", tr.From, tr.Event)
		}
	}
	for _, from := range allStatuses {
		for _, ev := range allEvents {
			tr, ok := listed[from][ev]
			for _, role := range allRoles {
				to, err := Next(from, ev, role)
				switch {
				case ok && slices.Contains(tr.Roles, role):
					if err != nil || to != tr.To {
						t.Errorf("%s --%s--> as %s: %q, %v; want %s", from, ev, role, to, err, tr.To)
					}
				case ok:
					if err != ErrTransitionForbidden || to != "" {
						t.Errorf("%s --%s--> as %s: %q, %v; want transition_forbidden", from, ev, role, to, err)
					}
				default:
					if err != ErrTransitionNotAllowed || to != "" {
						t.Errorf("%s --%s--> as %s: %q, %v; want transition_not_allowed", from, ev, role, to, err)
					}
				}
			}
		}
	}
}

// TestTransitionErrors: the errors keep the codes and reasons the API and
// docs/lifecycle.md publish.
func TestTransitionErrors(t *testing.T) {
	for _, c := range []struct {
		err          *kernel.Error
		code, reason string
	}{
		{ErrTransitionNotAllowed, kernel.ECONFLICT, "transition_not_allowed"},
		{ErrTransitionForbidden, kernel.EFORBIDDEN, "transition_forbidden"},
		{ErrStatusChanged, kernel.ECONFLICT, "project_status_changed"},
	} {
		if c.err.Code != c.code || c.err.Reason != c.reason || c.err.Message == "" {
			t.Errorf("%+v: want code %s, reason %s and a message", c.err, c.code, c.reason)
		}
	}
}

// TestProjectStatesReachable: every status but draft is the target of a
// transition, and every status that is not final has a way out, so the
// table has no orphan.
func TestProjectStatesReachable(t *testing.T) {
	final := map[string]bool{ProjectFailed: true, ProjectCompleted: true, ProjectCancelled: true}
	in, out := map[string]bool{}, map[string]bool{}
	for _, tr := range Transitions {
		in[tr.To], out[tr.From] = true, true
	}
	for _, st := range allStatuses {
		if st != ProjectDraft && !in[st] {
			t.Errorf("no transition leads to %s", st)
		}
		if final[st] == out[st] {
			t.Errorf("%s: final %v but has exits %v", st, final[st], out[st])
		}
	}
}

// TestPublicProjectStatuses: the public list is every status but draft,
// once each, and the terminated ones are final states of it.
func TestPublicProjectStatuses(t *testing.T) {
	want := slices.DeleteFunc(slices.Clone(allStatuses), func(s string) bool { return s == ProjectDraft })
	got := slices.Clone(PublicProjectStatuses)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("PublicProjectStatuses %v, want every status but draft", PublicProjectStatuses)
	}
	for _, st := range TerminatedProjectStatuses {
		if !slices.Contains(PublicProjectStatuses, st) {
			t.Errorf("terminated status %s is not public", st)
		}
	}
}
