package contractdoc

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewFillsPeriodAndTerms(t *testing.T) {
	owner := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)   // 23:00 in Shanghai
	agency := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC) // next day in Shanghai
	d, err := New(Facts{Title: "厂房环评", ItemName: "环境影响评价", Owner: Party{Name: "甲公司"}, Agency: Party{Name: "乙机构"},
		PriceFen: 1000110, ServiceDays: 30, OwnerSignedAt: owner, AgencySignedAt: agency, Template: DefaultTemplate})
	if err != nil {
		t.Fatal(err)
	}
	if d.PeriodStart != "2026-03-02" || d.PeriodEnd != "2026-04-01" {
		t.Errorf("period %s – %s, want 2026-03-02 – 2026-04-01 (from the later signature, Shanghai dates)", d.PeriodStart, d.PeriodEnd)
	}
	for _, want := range []string{"“厂房环评”", "¥10,001.10", "壹万零壹元壹角整", "自2026-03-02起30日", "不迟于2026-04-01"} {
		if !strings.Contains(d.Terms, want) {
			t.Errorf("terms lack %q:\n%s", want, d.Terms)
		}
	}
	if strings.Contains(d.Terms, "{") {
		t.Errorf("unfilled placeholder in:\n%s", d.Terms)
	}
}

func TestNewRefusesNegativePrice(t *testing.T) {
	if _, err := New(Facts{PriceFen: -1, ServiceDays: 1}); err == nil {
		t.Fatal("a negative price made a contract")
	}
}

func TestUnknownPlaceholders(t *testing.T) {
	got := UnknownPlaceholders("{owner} 与 {agnecy} 于 {start_date}，{价格}")
	if !slices.Equal(got, []string{"agnecy"}) {
		t.Errorf("unknown = %v, want [agnecy]", got)
	}
	if u := UnknownPlaceholders(DefaultTemplate.Terms); len(u) != 0 {
		t.Errorf("the default template uses unknown placeholders %v", u)
	}
}

func TestFormatYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "¥0.00", 5: "¥0.05", 100000: "¥1,000.00", 123456789: "¥1,234,567.89", 10000000: "¥100,000.00"} {
		if got := FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %s, want %s", fen, got, want)
		}
	}
}
