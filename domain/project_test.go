package domain_test

import (
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/catalogue"
	"marketplace/domain/market"
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

func validInput() market.ProjectInput {
	return market.ProjectInput{Title: "环境影响报告表编制", Description: "新建厂房环评。", ItemCode: "NAT-01",
		Method: market.MethodLowestPrice, BiddingClosesAt: fixedNow.Add(96 * time.Hour), ServiceDays: 20}
}

func TestNewProject(t *testing.T) {
	tests := []struct {
		name   string
		owner  domain.Actor
		mutate func(*market.ProjectInput)
		reason string // "" when valid
	}{
		{"enterprise lowest price", enterprise, func(in *market.ProjectInput) {}, ""},
		{"enterprise direct", enterprise, func(in *market.ProjectInput) { in.Method = market.MethodDirect }, ""},
		{"department competitive", department, func(in *market.ProjectInput) { in.BudgetCode = "2026-001"; in.CeilingPrice = money("50000") }, ""},
		{"department direct refused", department, func(in *market.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.Method = "2026-001", money("50000"), market.MethodDirect
		}, "direct_not_allowed"},
		{"department without budget code", department, func(in *market.ProjectInput) { in.CeilingPrice = money("50000") }, "budget_code_required"},
		{"department without ceiling", department, func(in *market.ProjectInput) { in.BudgetCode = "2026-001" }, "ceiling_required"},
		{"department self-funded", department, func(in *market.ProjectInput) { in.Funding = market.FundingSelf }, "funding_department_budget"},
		{"enterprise budget-funded", enterprise, func(in *market.ProjectInput) { in.Funding = market.FundingBudget }, "funding_enterprise_self"},
		{"enterprise with budget code", enterprise, func(in *market.ProjectInput) { in.BudgetCode = "X" }, "budget_code_not_allowed"},
		{"unknown method", enterprise, func(in *market.ProjectInput) { in.Method = "lottery" }, "method_unknown"},
		{"short title", enterprise, func(in *market.ProjectInput) { in.Title = "环" }, "title_length"},
		{"no item", enterprise, func(in *market.ProjectInput) { in.ItemCode = " " }, "item_required"},
		{"zero service days", enterprise, func(in *market.ProjectInput) { in.ServiceDays = 0 }, "service_days_range"},
		{"zero ceiling", enterprise, func(in *market.ProjectInput) { in.CeilingPrice = money("0") }, "ceiling_range"},
		{"auction without ceiling", enterprise, func(in *market.ProjectInput) { in.Method, in.MinStep = market.MethodReverseAuction, money("100") }, "ceiling_required"},
		{"auction without step", enterprise, func(in *market.ProjectInput) {
			in.Method, in.CeilingPrice = market.MethodReverseAuction, money("10000")
		}, "min_step_required"},
		{"auction step 0.5%", enterprise, func(in *market.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = market.MethodReverseAuction, money("10000"), money("50")
		}, ""},
		{"auction step 3%", enterprise, func(in *market.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = market.MethodReverseAuction, money("10000"), money("300")
		}, ""},
		{"auction step below 0.5%", enterprise, func(in *market.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = market.MethodReverseAuction, money("10000"), money("49.99")
		}, "min_step_range"},
		{"auction step above 3%", enterprise, func(in *market.ProjectInput) {
			in.Method, in.CeilingPrice, in.MinStep = market.MethodReverseAuction, money("10000"), money("300.01")
		}, "min_step_range"},
		{"step on sealed method", enterprise, func(in *market.ProjectInput) { in.CeilingPrice, in.MinStep = money("10000"), money("100") }, "min_step_not_allowed"},
		{"composite weights 100", enterprise, func(in *market.ProjectInput) {
			in.Method, in.Weights = market.MethodComposite, &market.Weights{Price: 60, Credit: 10, Technical: 30}
		}, ""},
		{"composite weights 99", enterprise, func(in *market.ProjectInput) {
			in.Method, in.Weights = market.MethodComposite, &market.Weights{Price: 60, Credit: 10, Technical: 29}
		}, "weights_sum"},
		{"composite negative weight", enterprise, func(in *market.ProjectInput) {
			in.Method, in.Weights = market.MethodComposite, &market.Weights{Price: 110, Credit: -10}
		}, "weights_sum"},
		{"composite without weights", enterprise, func(in *market.ProjectInput) { in.Method = market.MethodComposite }, "weights_required"},
		{"weights on lowest price", enterprise, func(in *market.ProjectInput) { in.Weights = &market.Weights{Price: 100} }, "weights_not_allowed"},
		{"enterprise min_bids 1", enterprise, func(in *market.ProjectInput) { in.MinBids = intp(1) }, ""},
		{"enterprise min_bids 0", enterprise, func(in *market.ProjectInput) { in.MinBids = intp(0) }, "min_bids_range"},
		{"department min_bids 1", department, func(in *market.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.MinBids = "B", money("100"), intp(1)
		}, "min_bids_range"},
		{"department min_bids 2", department, func(in *market.ProjectInput) {
			in.BudgetCode, in.CeilingPrice, in.MinBids = "B", money("100"), intp(2)
		}, ""},
		{"avoid without reason", enterprise, func(in *market.ProjectInput) { in.Avoid = []market.Avoid{{AgencyID: 9}} }, "avoid_reason_required"},
		{"avoid twice", enterprise, func(in *market.ProjectInput) {
			in.Avoid = []market.Avoid{{AgencyID: 9, Reason: "股东关联"}, {AgencyID: 9, Reason: "股东关联"}}
		}, "avoid_duplicate"},
		{"restriction in description", enterprise, func(in *market.ProjectInput) { in.Description = "投标人须在本市注册" }, "restricted_phrase"},
		{"restriction in title", enterprise, func(in *market.ProjectInput) { in.Title = "指定机构编制环评" }, "restricted_phrase"},
		{"no deadline", enterprise, func(in *market.ProjectInput) { in.BiddingClosesAt = time.Time{} }, "closes_at_required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := validInput()
			tc.mutate(&in)
			p, err := market.NewProject(tc.owner, in)
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
	p, err := market.NewProject(department, market.ProjectInput{Title: "水土保持方案", ItemCode: "NAT-03", Method: market.MethodRandomDraw,
		BudgetCode: "B-1", CeilingPrice: money("80000"), BiddingClosesAt: fixedNow, ServiceDays: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.Funding, market.FundingBudget; got != want {
		t.Errorf("funding = %q, want %q", got, want)
	}
	if got, want := p.MinBids, market.DefaultMinBids; got != want {
		t.Errorf("min_bids = %d, want %d", got, want)
	}
	if !p.ClosesAt.Equal(p.BiddingClosesAt) || p.Status != market.ProjectDraft {
		t.Errorf("closes_at %v / status %s", p.ClosesAt, p.Status)
	}
}

func TestProject_ValidateAgainstItem(t *testing.T) {
	p, _ := market.NewProject(enterprise, validInput())
	tests := []struct {
		name   string
		item   catalogue.Item
		reason string
	}{
		{"retained, within limit", catalogue.Item{Code: "NAT-01", Status: catalogue.Retained, TimeLimitDays: 20}, ""},
		{"abolished", catalogue.Item{Code: "NAT-01", Status: catalogue.Abolished, TimeLimitDays: 30}, "item_abolished"},
		{"beyond time limit", catalogue.Item{Code: "NAT-01", Status: catalogue.Retained, TimeLimitDays: 19}, "service_days_exceed_limit"},
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
	p, _ := market.NewProject(enterprise, validInput()) // closes 96h after fixedNow
	for _, tc := range []struct {
		now time.Time
		ok  bool
	}{
		{fixedNow, true},
		{fixedNow.Add(24 * time.Hour), true}, // exactly 72h left
		{fixedNow.Add(24*time.Hour + time.Microsecond), false},
		{fixedNow.Add(200 * time.Hour), false},
	} {
		if err := p.CheckWindow(market.PeriodOf(72*time.Hour), tc.now.Add(72*time.Hour)); (err == nil) != tc.ok {
			t.Errorf("CheckWindow(%v) = %v, want ok=%v", tc.now, err, tc.ok)
		}
	}
}

func TestNewProject_DirectNeedsOneBid(t *testing.T) {
	in := validInput()
	in.Method = market.MethodDirect
	p, err := market.NewProject(enterprise, in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.MinBids, 1; got != want {
		t.Errorf("min_bids = %d, want %d", got, want)
	}
}
