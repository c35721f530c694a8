package domain_test

import (
	"testing"
	"time"

	"marketplace/domain"
)

func TestValidText(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"普通文本 plain", true},
		{"第一行\r\n第二行\t附注", true},
		{"", true},
		{"emoji 🙂", true},
		{"nul\x00", false},
		{"esc\x1b[31m", false},
		{"bell\a", false},
		{"\xff\xfe", false},
	}
	for _, tt := range tests {
		if got := domain.ValidText(tt.in); got != tt.want {
			t.Errorf("ValidText(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if err := domain.CheckText("name", "a\x00"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("CheckText: %v, want EINVALID", err)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in     string
		reason string // "" when valid
	}{
		{"2025-01-31", ""},
		{"1900-01-01", ""},
		{"2200-12-31", ""},
		{"1899-12-31", "date_out_of_range"},
		{"0000-01-01", "date_out_of_range"},
		{"2201-01-01", "date_out_of_range"},
		{"9999-12-31", "date_out_of_range"},
		{"2025-02-30", "date_format"},
		{"2025-1-5", "date_format"},
		{"", "date_format"},
	}
	for _, tt := range tests {
		_, err := domain.ParseDate("valid_from", tt.in, "2025-01-31")
		got := ""
		if e, ok := domain.AsError(err); ok {
			got = e.Reason
		}
		if got != tt.reason {
			t.Errorf("ParseDate(%q): reason %q, want %q (%v)", tt.in, got, tt.reason, err)
		}
	}
	if err := domain.CheckDateRange("bidding_closes_at", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)); err == nil {
		t.Error("CheckDateRange accepted the year 2300")
	}
}
