package domain

import (
	"errors"
	"time"
)

// errPeriodSyntax is what a malformed period or duration setting is told.
var errPeriodSyntax = errors.New("want a positive Go duration such as 72h or 30s")

// ParsePositiveDuration reads a length of time written in Go syntax
// ("72h", "30s") that must be more than zero: a zero or negative time limit
// would close every window the moment it opens.
func ParsePositiveDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errPeriodSyntax
	}
	return d, nil
}

// Period is a configured time limit of the lifecycle (bidding window,
// publicity, objection answer, complaint, signing, evaluation). It is a
// type of its own, read through encoding.TextUnmarshaler, so that the one
// place that parses periods can learn other units (working days) without
// every setting and caller changing.
type Period struct {
	d time.Duration
}

// PeriodOf is the period of exactly d.
func PeriodOf(d time.Duration) Period { return Period{d: d} }

// Duration is the period's length of time.
func (p Period) Duration() time.Duration { return p.d }

// String writes the period as it is read back.
func (p Period) String() string { return p.d.String() }

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Period) UnmarshalText(b []byte) error {
	d, err := ParsePositiveDuration(string(b))
	if err != nil {
		return err
	}
	p.d = d
	return nil
}
