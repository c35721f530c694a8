package api_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/identity"
)

func TestRegister_PasswordPolicy(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	code := uscc()
	cases := []struct {
		name, email, password, want string
	}{
		{"one of the most common", "common1@example.cn", "1234567890", "password_common"},
		{"common, whatever the case", "common2@example.cn", "QwertyUIOP", "password_common"},
		{"common, longer than the minimum", "common3@example.cn", "1q2w3e4r5t6y", "password_common"},
		{"the e-mail's local part", "zhangwei.hb@example.cn", "Zhangwei.HB-2026", "password_contains_identity"},
		{"the USCC", "uscc1@example.cn", "x" + strings.ToLower(code), "password_contains_identity"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": "agency", "name": "口令测试咨询有限公司", "uscc": code,
				"legal_representative": "赵六", "contact_phone": "13912345678", "email": tc.email, "password": tc.password})
			if r.Status != 400 || r.errorCode(t) != tc.want {
				t.Errorf("%q: %d %s, want 400 %s", tc.password, r.Status, r.Body, tc.want)
			}
		})
	}
	if n := app.count(t, "SELECT count(*) FROM accounts"); n != 0 {
		t.Errorf("%d accounts written by refused registrations", n)
	}
	t.Run("a long uncommon password passes", func(t *testing.T) {
		r := app.do("POST", "/api/v1/auth/register", "", map[string]any{"accept_commitment_version": 1, "role": "agency", "name": "口令测试咨询有限公司", "uscc": code,
			"legal_representative": "赵六", "contact_phone": "13912345678", "email": "zhangwei.hb@example.cn", "password": "river-lantern-orchard"})
		if r.Status != 201 {
			t.Errorf("%d %s", r.Status, r.Body)
		}
	})
	t.Run("staff accounts too", func(t *testing.T) {
		_, err := app.Market.Accounts().CreateStaffAccount(context.Background(), identity.StaffAccountInput{Role: domain.RoleAdmin, Name: "平台管理员",
			Email: "administrator@example.gov.cn", Password: "administrator1"})
		if e, ok := domain.AsError(err); !ok || e.Reason != "password_contains_identity" {
			t.Errorf("staff password with the local part: %v", err)
		}
		_, err = app.Market.Accounts().CreateStaffAccount(context.Background(), identity.StaffAccountInput{Role: domain.RoleAdmin, Name: "平台管理员",
			Email: "ops@example.gov.cn", Password: "1qaz2wsx3edc"})
		if e, ok := domain.AsError(err); !ok || e.Reason != "password_common" {
			t.Errorf("common staff password: %v", err)
		}
	})
}
