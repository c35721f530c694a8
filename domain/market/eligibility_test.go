package market_test

import (
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// The one rule on who may bid: every reason of a refusal, and the cases
// that must pass.
func TestEligibilityError(t *testing.T) {
	closes := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	ceiling, _ := kernel.ParseMoney("1000")
	budget, err := market.NewProject(kernel.Actor{ID: 2, Role: kernel.RoleDepartment}, market.ProjectInput{Title: "地灾评估", ItemCode: "NAT-06",
		Method: market.MethodLowestPrice, BudgetCode: "B", CeilingPrice: &ceiling, BiddingClosesAt: closes, ServiceDays: 5})
	if err != nil {
		t.Fatal(err)
	}
	self, err := market.NewProject(kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, market.ProjectInput{Title: "环境影响报告表编制",
		ItemCode: "NAT-01", Method: market.MethodLowestPrice, BiddingClosesAt: closes.Add(96 * time.Hour), ServiceDays: 20})
	if err != nil {
		t.Fatal(err)
	}
	ok := func() market.AgencyFacts {
		return market.AgencyFacts{AgencyID: 7, Exists: true, Role: kernel.RoleAgency, Status: kernel.StatusActive, OffersItem: true}
	}
	tests := []struct {
		name   string
		p      *market.Project
		mutate func(*market.AgencyFacts)
		reason string
	}{
		{"eligible", budget, func(f *market.AgencyFacts) {}, ""},
		{"no such account", budget, func(f *market.AgencyFacts) { f.Exists = false }, market.IneligibleNotAgency},
		{"enterprise account", budget, func(f *market.AgencyFacts) { f.Role = kernel.RoleEnterprise }, market.IneligibleNotAgency},
		{"suspended", budget, func(f *market.AgencyFacts) { f.Status = kernel.StatusSuspended }, market.IneligibleInactive},
		{"blacklisted", budget, func(f *market.AgencyFacts) { f.Status = kernel.StatusBlacklisted }, market.IneligibleInactive},
		{"exited", budget, func(f *market.AgencyFacts) { f.Status = kernel.StatusExited }, market.IneligibleInactive},
		{"item not offered", budget, func(f *market.AgencyFacts) { f.OffersItem = false }, market.IneligibleItem},
		{"qualification missing", budget, func(f *market.AgencyFacts) { f.ItemQualification = "测绘资质" }, market.IneligibleQualification},
		{"qualification held", budget, func(f *market.AgencyFacts) { f.ItemQualification, f.HasValidQualification = "测绘资质", true }, ""},
		{"avoided", budget, func(f *market.AgencyFacts) { f.Avoided = true }, market.IneligibleAvoided},
		{"affiliated with department", budget, func(f *market.AgencyFacts) { f.AffiliatedWithOwner = true }, market.IneligibleAffiliated},
		{"affiliation irrelevant to enterprise", self, func(f *market.AgencyFacts) { f.AffiliatedWithOwner = true }, ""},
		{"owner itself", self, func(f *market.AgencyFacts) { f.AgencyID = self.OwnerID }, market.IneligibleOwner},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := ok()
			tc.mutate(&f)
			got := ""
			if e, ok := kernel.AsError(market.EligibilityError(tc.p, &f, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))); ok {
				got = e.Reason
			}
			if got != tc.reason {
				t.Errorf("reason = %q, want %q", got, tc.reason)
			}
		})
	}
}
