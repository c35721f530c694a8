package agency_test

import (
	"strings"
	"testing"
	"time"

	"marketplace/domain/agency"
	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

func reason(err error) string {
	if e, ok := kernel.AsError(err); ok {
		return e.Reason
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestQualification_CountsOn(t *testing.T) {
	cst := calendar.Beijing
	q := agency.Qualification{ValidFrom: "2025-07-01", ValidUntil: "2026-06-30"}
	tests := []struct {
		name    string
		now     time.Time
		flagged bool
		want    bool
	}{
		{"first day", time.Date(2025, 7, 1, 0, 0, 0, 0, cst), false, true},
		{"day before", time.Date(2025, 6, 30, 23, 59, 59, 0, cst), false, false},
		{"last day, late evening", time.Date(2026, 6, 30, 23, 59, 59, 0, cst), false, true},
		{"day after in China, still 30 June in UTC", time.Date(2026, 6, 30, 16, 0, 0, 0, time.UTC), false, false},
		{"last day 07:59 China = 23:59 UTC the day before", time.Date(2026, 6, 29, 23, 59, 0, 0, time.UTC), false, true},
		{"flagged inside its dates", time.Date(2026, 1, 1, 12, 0, 0, 0, cst), true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := q
			q.Flagged = tc.flagged
			if got := q.CountsOn(tc.now); got != tc.want {
				t.Errorf("CountsOn(%s) = %v, want %v", tc.now, got, tc.want)
			}
		})
	}
}

func TestQualificationInput_Validate(t *testing.T) {
	ok := func() agency.QualificationInput {
		return agency.QualificationInput{ItemCode: "YC2022-03", Number: "A1", Issuer: "湖北省住建厅",
			ValidFrom: "2025-01-01", ValidUntil: "2025-01-01", FileName: `C:\scans\证书.pdf`}
	}
	tests := []struct {
		name   string
		mutate func(*agency.QualificationInput)
		reason string
	}{
		{"OK: one-day certificate", func(*agency.QualificationInput) {}, ""},
		{"dates reversed", func(in *agency.QualificationInput) { in.ValidUntil = "2024-12-31" }, "qualification_dates_reversed"},
		{"not a date", func(in *agency.QualificationInput) { in.ValidFrom = "2025-13-01" }, "date_format"},
		{"date with time", func(in *agency.QualificationInput) { in.ValidUntil = "2026-01-01T00:00:00Z" }, "date_format"},
		{"no number", func(in *agency.QualificationInput) { in.Number = "  " }, "certificate_number_length"},
		{"no issuer", func(in *agency.QualificationInput) { in.Issuer = "" }, "issuer_length"},
		{"bad item code", func(in *agency.QualificationInput) { in.ItemCode = "a b" }, "unknown_item"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok()
			tc.mutate(&in)
			if got := reason(in.Validate()); got != tc.reason {
				t.Errorf("reason = %q, want %q", got, tc.reason)
			}
		})
	}
	t.Run("file name keeps only the base name", func(t *testing.T) {
		in := ok()
		in.Validate()
		if in.FileName != "证书.pdf" {
			t.Errorf("FileName = %q", in.FileName)
		}
	})
}

func TestPatch_Apply(t *testing.T) {
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	tests := []struct {
		name   string
		patch  agency.Patch
		reason string
		check  func(*agency.Agency) bool
	}{
		{"items normalised", agency.Patch{ServiceItems: &[]string{" NAT-02", "NAT-01", "NAT-02"}}, "",
			func(a *agency.Agency) bool { return strings.Join(a.ServiceItems, ",") == "NAT-01,NAT-02" }},
		{"empty list clears items", agency.Patch{ServiceItems: &[]string{}}, "",
			func(a *agency.Agency) bool { return len(a.ServiceItems) == 0 }},
		{"nil fields untouched", agency.Patch{Region: str("湖北省")}, "",
			func(a *agency.Agency) bool { return a.Description == "旧简介" && a.Region == "湖北省" }},
		{"website cleared", agency.Patch{Website: str("")}, "", func(a *agency.Agency) bool { return a.Website == "" }},
		{"staff count zero is fine", agency.Patch{StaffCount: num(0)}, "", func(a *agency.Agency) bool { return *a.StaffCount == 0 }},
		{"bad item code", agency.Patch{ServiceItems: &[]string{"NAT 01"}}, "unknown_item", nil},
		{"ftp website", agency.Patch{Website: str("ftp://example.cn")}, "website_format", nil},
		{"negative staff", agency.Patch{StaffCount: num(-3)}, "staff_count_range", nil},
		{"bad phone", agency.Patch{ContactPhone: str("110")}, "phone_format", nil},
		{"long address", agency.Patch{OfficeAddress: str(strings.Repeat("路", 201))}, "office_address_length", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := &agency.Agency{Description: "旧简介", Website: "https://old.example.cn", ServiceItems: []string{"NAT-03"}}
			err := tc.patch.Apply(a)
			if got := reason(err); got != tc.reason {
				t.Fatalf("reason = %q, want %q", got, tc.reason)
			}
			if tc.check != nil && !tc.check(a) {
				t.Errorf("after Apply: %+v", a)
			}
		})
	}
}

func TestFilter_Validate(t *testing.T) {
	tests := []struct {
		f      agency.Filter
		reason string
	}{
		{agency.Filter{}, ""},
		{agency.Filter{Grade: "D", Status: "blacklisted", Sort: "completed"}, ""},
		{agency.Filter{Grade: "a"}, "grade_value"},
		{agency.Filter{Status: "deleted"}, "agency_status_value"},
		{agency.Filter{Sort: "price"}, "sort_value"},
		{agency.Filter{Page: kernel.Page{PerPage: 201}}, "per_page_range"},
	}
	for _, tc := range tests {
		f := tc.f
		if got := reason(f.Validate()); got != tc.reason {
			t.Errorf("%+v: reason = %q, want %q", tc.f, got, tc.reason)
		}
		if tc.reason == "" && (f.Sort == "" || f.Page.PerPage == 0) {
			t.Errorf("%+v: defaults not filled: %+v", tc.f, f)
		}
	}
}

func TestAffiliationInput_Validate(t *testing.T) {
	tests := []struct {
		in     agency.AffiliationInput
		reason string
	}{
		{agency.AffiliationInput{DepartmentID: 1, Relation: "former_staff"}, ""},
		{agency.AffiliationInput{DepartmentID: 1, Relation: "other", Note: "法定代表人之配偶在该局任职"}, ""},
		{agency.AffiliationInput{DepartmentID: 1, Relation: "other"}, "note_required"},
		{agency.AffiliationInput{DepartmentID: 1, Relation: "friend"}, "relation_value"},
	}
	for _, tc := range tests {
		in := tc.in
		if got := reason(in.Validate()); got != tc.reason {
			t.Errorf("%+v: reason = %q, want %q", tc.in, got, tc.reason)
		}
	}
}

func TestCanSeePrivate(t *testing.T) {
	tests := []struct {
		actor kernel.Actor
		want  bool
	}{
		{kernel.Actor{}, false},
		{kernel.Actor{ID: 7, Role: kernel.RoleAgency}, true},
		{kernel.Actor{ID: 8, Role: kernel.RoleAgency}, false},
		{kernel.Actor{ID: 7, Role: kernel.RoleEnterprise}, false},
		{kernel.Actor{ID: 9, Role: kernel.RoleDepartment}, true},
		{kernel.Actor{ID: 10, Role: kernel.RoleAdmin}, true},
	}
	for _, tc := range tests {
		if got := agency.CanSeePrivate(tc.actor, 7); got != tc.want {
			t.Errorf("%+v: got %v, want %v", tc.actor, got, tc.want)
		}
	}
}
