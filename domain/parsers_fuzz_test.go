package domain_test

import (
	"testing"

	"marketplace/domain"
)

// Native fuzz targets for the parsers that read untrusted text. `go test`
// runs each seed corpus; `go test -fuzz=FuzzParseMoney ./domain` explores.
// Every target checks the same two things: a refusal is a coded EINVALID
// error (never a panic or an internal error), and an accepted value is
// consistent with what was read.

func requireInvalid(t *testing.T, in string, err error) {
	t.Helper()
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Fatalf("%q: refused with %v, want an EINVALID error", in, err)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"125000.00", "0", "0.5", "1e5", "-1", "１２", "99999999999999.99", "1,000", " 1", "NaN", "0x10", "1.999", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := domain.ParseMoney(s)
		if err != nil {
			requireInvalid(t, s, err)
			return
		}
		if m < 0 || m > domain.MaxMoney {
			t.Fatalf("%q parsed to %d, outside 0..MaxMoney", s, m)
		}
		again, err := domain.ParseMoney(m.String())
		if err != nil || again != m {
			t.Fatalf("%q → %s does not round-trip: %d, %v", s, m, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-31", "0000-01-01", "2201-01-01", "1899-12-31", "2024-02-29", "2025-02-29", "2025-13-01", "+2025-01-01", "2025-01-31T00:00:00Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := domain.ParseDate("valid_from", s, "2025-01-31")
		if err != nil {
			requireInvalid(t, s, err)
			return
		}
		if y := d.Year(); y < domain.MinDateYear || y > domain.MaxDateYear {
			t.Fatalf("%q accepted with year %d", s, y)
		}
		if d.Format(domain.DateLayout) != s {
			t.Fatalf("%q accepted but reads back as %s", s, d.Format(domain.DateLayout))
		}
	})
}
