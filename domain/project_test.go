package domain_test

import (
	"testing"
	"time"

	"marketplace/domain"
)

var (
	enterprise = domain.Actor{ID: 1, Role: domain.RoleEnterprise, Name: "企业"}
	department = domain.Actor{ID: 2, Role: domain.RoleDepartment, Name: "部门"}
	fixedNow   = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
)

func money(s string) *domain.Money {
	m, err := domain.ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return &m
}

func intp(n int) *int { return &n }

func validInput() domain.ProjectInput {
	return domain.ProjectInput{Title: "环境影响报告表编制", Description: "新建厂房环评。", ItemCode: "NAT-01",
		Method: domain.MethodLowestPrice, BiddingClosesAt: fixedNow.Add(96 * time.Hour), ServiceDays: 20}
}

func TestNewProject(t *testing.T) {
	tests := []struct {
		name   string
		owner  domain.Actor
		mutate func(*domain.ProjectInput)
		reason string // "" when valid
	}{
		{"enterprise lowest price", enterprise, func(in *domain.ProjectInput) {}, ""},
		{"enterprise direct", enterprise, func(in *domain.ProjectInput) { in.Method = domain.MethodDirect }, ""},
		{"department competitive", department, func(in *domain.ProjectInput) { in.BudgetCode = "2026-001"; in.CeilingPrice = money("50000") }, ""},
		{"department direct refused", department, func(in *domain.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.Method = "2026-001", money("50000"), domain.MethodDirect
		}, "direct_not_allowed"},
		{"department without budget code", department, func(in *domain.ProjectInput) { in.CeilingPrice = money("50000") }, "budget_code_required"},
		{"department without ceiling", department, func(in *domain.ProjectInput) { in.BudgetCode = "2026-001" }, "ceiling_required"},
		{"department self-funded", department, func(in *domain.ProjectInput) { in.Funding = domain.FundingSelf }, "funding_department_budget"},
		{"enterprise budget-funded", enterprise, func(in *domain.ProjectInput) { in.Funding = domain.FundingBudget }, "funding_enterprise_self"},
		{"enterprise with budget code", enterprise, func(in *domain.ProjectInput) { in.BudgetCode = "X" }, "budget_code_not_allowed"},
		{"unknown method", enterprise, func(in *domain.ProjectInput) { in.Method = "lottery" }, "method_unknown"},
		{"short title", enterprise, func(in *domain.ProjectInput) { in.Title = "环" }, "title_length"},
		{"no item", enterprise, func(in *domain.ProjectInput) { in.ItemCode = " " }, "item_required"},
		{"zero service days", enterprise, func(in *domain.ProjectInput) { in.ServiceDays = 0 }, "service_days_range"},
		{"zero ceiling", enterprise, func(in *domain.ProjectInput) { in.CeilingPrice = money("0") }, "ceiling_range"},
		{"auction without ceiling", enterprise, func(in *domain.ProjectInput) { in.Method, in.MinStep = domain.MethodReverseAuction, money("100") }, "ceiling_required"},
		{"auction without step", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.CeilingPrice = domain.MethodReverseAuction, money("10000")
		}, "min_step_required"},
		{"auction step 0.5%", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = domain.MethodReverseAuction, money("10000"), money("50")
		}, ""},
		{"auction step 3%", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = domain.MethodReverseAuction, money("10000"), money("300")
		}, ""},
		{"auction step below 0.5%", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = domain.MethodReverseAuction, money("10000"), money("49.99")
		}, "min_step_range"},
		{"auction step above 3%", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = domain.MethodReverseAuction, money("10000"), money("300.01")
		}, "min_step_range"},
		{"step on sealed method", enterprise, func(in *domain.ProjectInput) { in.CeilingPrice, in.MinStep = money("10000"), money("100") }, "min_step_not_allowed"},
		{"composite weights 100", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.Weights = domain.MethodComposite, &domain.Weights{Price: 60, Credit: 10, Technical: 30}
		}, ""},
		{"composite weights 99", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.Weights = domain.MethodComposite, &domain.Weights{Price: 60, Credit: 10, Technical: 29}
		}, "weights_sum"},
		{"composite negative weight", enterprise, func(in *domain.ProjectInput) {
			in.Method, in.Weights = domain.MethodComposite, &domain.Weights{Price: 110, Credit: -10}
		}, "weights_sum"},
		{"composite without weights", enterprise, func(in *domain.ProjectInput) { in.Method = domain.MethodComposite }, "weights_required"},
		{"weights on lowest price", enterprise, func(in *domain.ProjectInput) { in.Weights = &domain.Weights{Price: 100} }, "weights_not_allowed"},
		{"enterprise min_bids 1", enterprise, func(in *domain.ProjectInput) { in.MinBids = intp(1) }, ""},
		{"enterprise min_bids 0", enterprise, func(in *domain.ProjectInput) { in.MinBids = intp(0) }, "min_bids_range"},
		{"department min_bids 1", department, func(in *domain.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.MinBids = "B", money("100"), intp(1)
		}, "min_bids_range"},
		{"department min_bids 2", department, func(in *domain.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.MinBids = "B", money("100"), intp(2)
		}, ""},
		{"avoid without reason", enterprise, func(in *domain.ProjectInput) { in.Avoid = []domain.Avoid{{AgencyID: 9}} }, "avoid_reason_required"},
		{"avoid twice", enterprise, func(in *domain.ProjectInput) {
			in.Avoid = []domain.Avoid{{AgencyID: 9, Reason: "股东关联"}, {AgencyID: 9, Reason: "股东关联"}}
		}, "avoid_duplicate"},
		{"restriction in description", enterprise, func(in *domain.ProjectInput) { in.Description = "投标人须在本市注册" }, "restricted_phrase"},
		{"restriction in title", enterprise, func(in *domain.ProjectInput) { in.Title = "指定机构编制环评" }, "restricted_phrase"},
		{"no deadline", enterprise, func(in *domain.ProjectInput) { in.BiddingClosesAt = time.Time{} }, "closes_at_required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			tc.mutate(&in)
			p, err := domain.NewProject(tc.owner, in)
			got := ""
			if e, ok := domain.AsError(err); ok {
				got = e.Reason
			} else if err != nil {
				t.Fatalf("non-domain error %v", err)
			}
			if got != tc.reason {
				t.Fatalf("reason = %q, want %q (%v)", got, tc.reason, err)
			}
			if err == nil && p.MinBids == 0 {
				t.Errorf("min_bids not defaulted")
			}
		})
	}
}

func TestNewProject_Defaults(t *testing.T) {
	p, err := domain.NewProject(department, domain.ProjectInput{Title: "水土保持方案", ItemCode: "NAT-03", Method: domain.MethodRandomDraw,
		BudgetCode: "B-1", CeilingPrice: money("80000"), BiddingClosesAt: fixedNow, ServiceDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Funding, domain.FundingBudget; got != want {
		t.Errorf("funding = %q, want %q", got, want)
	}
	if got, want := p.MinBids, domain.DefaultMinBids; got != want {
		t.Errorf("min_bids = %d, want %d", got, want)
	}
	if !p.ClosesAt.Equal(p.BiddingClosesAt) || p.Status != domain.ProjectDraft {
		t.Errorf("closes_at %v / status %s", p.ClosesAt, p.Status)
	}
}

func TestProject_ValidateAgainstItem(t *testing.T) {
	p, _ := domain.NewProject(enterprise, validInput())
	tests := []struct {
		name   string
		item   domain.Item
		reason string
	}{
		{"retained, within limit", domain.Item{Code: "NAT-01", Status: domain.ItemRetained, TimeLimitDays: 20}, ""},
		{"abolished", domain.Item{Code: "NAT-01", Status: domain.ItemAbolished, TimeLimitDays: 30}, "item_abolished"},
		{"beyond time limit", domain.Item{Code: "NAT-01", Status: domain.ItemRetained, TimeLimitDays: 19}, "service_days_exceed_limit"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ""
			if e, ok := domain.AsError(domain.ValidateProjectItem(p, &tc.item)); ok {
				got = e.Reason
			}
			if got != tc.reason {
				t.Errorf("reason = %q, want %q", got, tc.reason)
			}
		})
	}
}

func TestProject_CheckWindow(t *testing.T) {
	p, _ := domain.NewProject(enterprise, validInput()) // closes 96h after fixedNow
	for _, tc := range []struct {
		now time.Time
		ok  bool
	}{
		{fixedNow, true},
		{fixedNow.Add(24 * time.Hour), true}, // exactly 72h left
		{fixedNow.Add(24*time.Hour + time.Microsecond), false},
		{fixedNow.Add(200 * time.Hour), false},
	} {
		if err := p.CheckWindow(domain.PeriodOf(72*time.Hour), tc.now.Add(72*time.Hour)); (err == nil) != tc.ok {
			t.Errorf("CheckWindow(%v) = %v, want ok=%v", tc.now, err, tc.ok)
		}
	}
}

func TestNewProject_DirectNeedsOneBid(t *testing.T) {
	in := validInput()
	in.Method = domain.MethodDirect
	p, err := domain.NewProject(enterprise, in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.MinBids, 1; got != want {
		t.Errorf("min_bids = %d, want %d", got, want)
	}
}
