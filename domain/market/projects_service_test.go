package market_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// projectTx is the projects of one owner in memory, with the steps the
// use cases asked of the other contexts and the audit actions written.
type projectTx struct {
	projects []market.Project
	now      time.Time
	steps    []string
	audits   []string
	auctions []market.AuctionEvent
	pending  bool // an avoid list awaits its second department
}

func (s *projectTx) FindProjectByID(_ context.Context, id int64, _ market.LockMode) (*market.Project, error) {
	if id < 1 || int(id) > len(s.projects) {
		return nil, market.ErrProjectNotFound
	}
	p := s.projects[id-1]
	return &p, nil
}
func (s *projectTx) FindProjects(context.Context, market.ProjectFilter) ([]*market.Project, int, error) {
	out := make([]*market.Project, len(s.projects))
	for i := range s.projects {
		p := s.projects[i]
		out[i] = &p
	}
	return out, len(out), nil
}
func (s *projectTx) CreateProject(_ context.Context, p *market.Project) error {
	p.ID = int64(len(s.projects) + 1)
	s.projects = append(s.projects, *p)
	return nil
}
func (s *projectTx) UpdateProjectState(_ context.Context, p *market.Project) error {
	status := s.projects[p.ID-1].Status
	s.projects[p.ID-1] = *p
	s.projects[p.ID-1].Status = status // the status is SetProjectStatus's alone
	return nil
}
func (s *projectTx) SetProjectStatus(_ context.Context, id int64, from, to string) error {
	if s.projects[id-1].Status != from {
		return market.ErrStatusChanged
	}
	s.projects[id-1].Status = to
	return nil
}
func (s *projectTx) NotifyAuction(_ context.Context, ev market.AuctionEvent) error {
	s.auctions = append(s.auctions, ev)
	return nil
}
func (s *projectTx) Now(context.Context) (time.Time, error) { return s.now, nil }
func (s *projectTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *projectTx) CheckProjectCatalogue(context.Context, *market.Project, time.Time) error {
	s.steps = append(s.steps, "catalogue")
	return nil
}
func (s *projectTx) AvoidField(context.Context, *market.Project, time.Time) (market.Field, error) {
	s.steps = append(s.steps, "field")
	return market.Field{Open: 10, Eligible: 10}, nil
}
func (s *projectTx) RequestAvoidConfirmation(context.Context, kernel.Actor, *market.Project, time.Time) error {
	s.steps = append(s.steps, "request")
	return nil
}
func (s *projectTx) AvoidListConfirmed(context.Context, *market.Project) error {
	if s.pending {
		return kernel.Errorf(kernel.ECONFLICT, "avoid_list_unconfirmed", "The avoid list awaits its confirmation.")
	}
	return nil
}
func (s *projectTx) WithdrawAvoidConfirmation(context.Context, *market.Project) error {
	s.steps = append(s.steps, "withdraw")
	return nil
}

// TestProjects_DraftPublishCancel: an enterprise's draft is checked
// against the catalogue and the avoid field, published only by its owner
// with the least bidding window left and the avoid list confirmed, and
// cancelled with a published reason until its close; an auction's
// cancellation tells the auction's watchers.
func TestProjects_DraftPublishCancel(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	tx := &projectTx{now: now}
	ps := &market.Projects{Store: tx, InTx: func(ctx context.Context, fn func(market.ProjectTx) error) error { return fn(tx) },
		Deadline: func(p market.Period, from time.Time) time.Time { return from.Add(p.Duration()) }, MinBiddingWindow: market.PeriodOf(72 * time.Hour),
		OCIDPrefix: "ocds-test-"}
	owner := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}
	in := market.ProjectInput{Title: "某项目环境影响评价报告书编制", ItemCode: "NAT-01", Method: market.MethodLowestPrice, Funding: market.FundingSelf,
		ServiceDays: 60, BiddingClosesAt: now.Add(48 * time.Hour)}

	if _, err := ps.Create(ctx, kernel.Actor{ID: 5, Role: kernel.RoleAgency}, in); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("an agency posted a project: %v", err)
	}
	p, err := ps.Create(ctx, owner, in)
	if err != nil || p.Status != market.ProjectDraft || p.OCID != "ocds-test-1" {
		t.Fatalf("create: %+v, %v", p, err)
	}
	if strings.Join(tx.steps, ",") != "catalogue,field,request" {
		t.Errorf("steps of a draft: %v", tx.steps)
	}
	if _, err := ps.Get(ctx, kernel.Actor{}, p.ID); err != market.ErrProjectNotFound {
		t.Errorf("the public read a draft: %v", err)
	}
	if _, err := ps.Publish(ctx, kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, p.ID); err != market.ErrProjectNotFound {
		t.Errorf("another owner published: %v", err)
	}
	if _, err := ps.Publish(ctx, owner, p.ID); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("published with 48 hours of bidding: %v", err)
	}
	tx.projects[0].BiddingClosesAt = now.Add(96 * time.Hour)
	tx.pending = true
	if _, err := ps.Publish(ctx, owner, p.ID); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("published an unconfirmed avoid list: %v", err)
	}
	tx.pending = false
	if len(tx.audits) != 1 || tx.projects[0].Status != market.ProjectDraft {
		t.Fatalf("refusals wrote: audits %v, status %s", tx.audits, tx.projects[0].Status)
	}
	pub, err := ps.Publish(ctx, owner, p.ID)
	if err != nil || pub.Status != market.ProjectBidding || !pub.ClosesAt.Equal(now.Add(96*time.Hour)) || pub.PublishedAt == nil {
		t.Fatalf("publish: %+v, %v", pub, err)
	}
	if _, err := ps.Cancel(ctx, owner, p.ID, " "); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("cancelled without a reason: %v", err)
	}
	tx.now = pub.ClosesAt
	if _, err := ps.Cancel(ctx, owner, p.ID, "需求变更"); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("cancelled after the close: %v", err)
	}
	tx.now = now.Add(time.Hour)
	c, err := ps.Cancel(ctx, owner, p.ID, "  需求变更 ")
	if err != nil || c.Status != market.ProjectCancelled || c.CancelReason != "需求变更" {
		t.Fatalf("cancel: %+v, %v", c, err)
	}
	if want := "project.created,project.published,project.cancelled"; strings.Join(tx.audits, ",") != want || tx.steps[len(tx.steps)-1] != "withdraw" {
		t.Errorf("audits %v, steps %v", tx.audits, tx.steps)
	}
	if len(tx.auctions) != 0 {
		t.Errorf("a sealed-bid project's cancellation told auction watchers: %+v", tx.auctions)
	}
	if l, err := ps.List(ctx, kernel.Actor{}, market.ProjectFilter{Sort: "nope"}); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("listed with an unknown sort: %+v, %v", l, err)
	}
}
