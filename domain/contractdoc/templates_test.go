package contractdoc

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/kernel"
)

// templates keeps the saved templates and one catalogue item in memory.
type templates struct {
	saved  map[string]*Template // by item code, "" for the default
	audits int
}

func (s *templates) FindContractTemplate(_ context.Context, code string) (*Template, error) {
	if t, ok := s.saved[code]; ok {
		return t, nil
	}
	return nil, kernel.Errorf(kernel.ENOTFOUND, "template_not_found", "none")
}
func (s *templates) FindContractTemplates(context.Context) ([]*Template, error) { return nil, nil }
func (s *templates) SaveContractTemplate(_ context.Context, t *Template) error {
	s.saved[t.ItemCode] = t
	return nil
}
func (s *templates) ItemCode(_ context.Context, code string) (string, error) {
	if code == "NAT-01" {
		return code, nil
	}
	return "", kernel.Errorf(kernel.ENOTFOUND, "item_not_found", "none")
}
func (s *templates) Now(context.Context) (time.Time, error)               { return time.Time{}, nil }
func (s *templates) AppendAudit(context.Context, kernel.AuditEntry) error { s.audits++; return nil }

// TestTemplates_SaveAndGet: only an administrator saves; an unknown
// placeholder or item is refused and writes nothing; an item without a
// template of its own gets the saved default, and with none saved the
// built-in one.
func TestTemplates_SaveAndGet(t *testing.T) {
	ctx := context.Background()
	s := &templates{saved: map[string]*Template{}}
	ts := &Templates{Store: s, InTx: func(ctx context.Context, fn func(TemplateTx) error) error { return fn(s) }}
	admin := kernel.Actor{ID: 1, Role: kernel.RoleAdmin}
	if got, err := ts.Get(ctx, admin, "NAT-01"); err != nil || got.Terms != DefaultTemplate.Terms {
		t.Fatalf("nothing saved: %+v, %v", got, err)
	}
	for _, tc := range []struct {
		name         string
		actor        kernel.Actor
		key, terms   string
		code, reason string
	}{
		{"a department", kernel.Actor{ID: 2, Role: kernel.RoleDepartment}, DefaultTemplateKey, "由{owner}委托。", kernel.EFORBIDDEN, ""},
		{"a typo", admin, DefaultTemplateKey, "由{ownr}委托。", kernel.EINVALID, "unknown_placeholder"},
		{"an unknown item", admin, "NAT-99", "由{owner}委托。", kernel.ENOTFOUND, ""},
		{"no terms", admin, DefaultTemplateKey, "  ", kernel.EINVALID, "terms_required"},
	} {
		_, err := ts.Save(ctx, tc.actor, tc.key, "成果：报告书", tc.terms)
		e, _ := kernel.AsError(err)
		if kernel.ErrorCode(err) != tc.code || (tc.reason != "" && (e == nil || e.Reason != tc.reason)) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if len(s.saved) != 0 || s.audits != 0 {
		t.Fatalf("refusals wrote %d templates, %d audits", len(s.saved), s.audits)
	}
	if _, err := ts.Save(ctx, admin, DefaultTemplateKey, "成果：报告书", "甲方{owner}委托乙方{agency}。"); err != nil || s.audits != 1 {
		t.Fatalf("save the default: %v", err)
	}
	if got, err := ts.Get(ctx, admin, "NAT-01"); err != nil || got.Terms != "甲方{owner}委托乙方{agency}。" {
		t.Errorf("an item without its own template: %+v, %v", got, err)
	}
}
