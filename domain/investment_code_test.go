package domain_test

import (
	"testing"

	"marketplace/domain"
	"marketplace/domain/catalogue"
)

func TestValidateInvestmentCode(t *testing.T) {
	const year = 2026
	cases := []struct {
		code, reason string
	}{
		{"", ""},
		{"2024-420100-47-01-123456", ""},
		{"2015-000000-01-01-000001", ""}, // a national project, the first year
		{"2027-110000-01-01-000001", ""}, // next year: registered on New Year's Eve
		{"2028-420100-47-01-123456", domain.ReasonInvestmentCodeYear},
		{"2014-420100-47-01-123456", domain.ReasonInvestmentCodeYear},
		{"2024-100100-47-01-123456", domain.ReasonInvestmentCodeRegion},
		{"2024-990100-47-01-123456", domain.ReasonInvestmentCodeRegion},
		{"2024-42010-47-01-123456", domain.ReasonInvestmentCodeFormat},
		{"2024-420100-47-01-1234567", domain.ReasonInvestmentCodeFormat},
		{"2024-420100-4A-01-123456", domain.ReasonInvestmentCodeFormat},
		{"2024420100470112345", domain.ReasonInvestmentCodeFormat},
		{"２０２４-420100-47-01-123456", domain.ReasonInvestmentCodeFormat},
		{"2024-420100-47-01-123456\n", domain.ReasonInvestmentCodeFormat},
		{" 2024-420100-47-01-123456", domain.ReasonInvestmentCodeFormat},
	}
	for _, tc := range cases {
		err := domain.ValidateInvestmentCode(tc.code, year)
		var got string
		if e, ok := domain.AsError(err); ok {
			got = e.Reason
			if e.Code != domain.EINVALID || e.Field != "investment_project_code" {
				t.Errorf("%q: %+v", tc.code, e)
			}
		} else if err != nil {
			t.Errorf("%q: not a domain error: %v", tc.code, err)
		}
		if got != tc.reason {
			t.Errorf("%q: reason %q, want %q", tc.code, got, tc.reason)
		}
	}
}

func TestInvestmentCodeRequired(t *testing.T) {
	approval := &catalogue.Item{Code: "X", ApprovalRelated: true}
	other := &catalogue.Item{Code: "Y"}
	for _, tc := range []struct {
		role string
		it   *catalogue.Item
		want bool
	}{
		{domain.RoleDepartment, approval, true},
		{domain.RoleDepartment, other, false},
		{domain.RoleEnterprise, approval, false},
	} {
		if got := domain.InvestmentCodeRequired(tc.role, tc.it); got != tc.want {
			t.Errorf("%s on %s: %v, want %v", tc.role, tc.it.Code, got, tc.want)
		}
	}
}
