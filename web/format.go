package web

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// yuan formats money for tables: ¥125,000.00.
func yuan(m domain.Money) string {
	s := m.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := "¥" + b.String() + "." + frac
	if neg {
		out = "-" + out
	}
	return out
}

// yuanPtr formats an optional amount; nil is an em dash.
func yuanPtr(m *domain.Money) string {
	if m == nil {
		return "—"
	}
	return yuan(*m)
}

// clock formats a time as 2026-11-25 14:30 in Asia/Shanghai.
func clock(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(calendar.Beijing).Format("2006-01-02 15:04")
}

// clockSeconds formats a time as 2026-11-25 14:30:05 in Asia/Shanghai, for
// records where the order within a minute matters (auction history, evidence).
func clockSeconds(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(calendar.Beijing).Format("2006-01-02 15:04:05")
}

// statusKey is the message id for a project's status: a reverse auction
// that is taking bids is 竞价中, not 报名中, because agencies are bidding live.
func statusKey(status, method string) string {
	if status == market.ProjectBidding && method == market.MethodReverseAuction {
		return "status.auction_live"
	}
	return "status." + status
}

// clockPtr formats an optional time.
func clockPtr(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return clock(*t)
}

// day formats a date in Asia/Shanghai.
func day(t time.Time) string { return t.In(calendar.Beijing).Format("2006-01-02") }

// TM translates a message id with named template data given as pairs
// ("Phrase", "注册资本", …).
func (v *page) TM(id string, kv ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			data[k] = kv[i+1]
		}
	}
	s, err := v.loc.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

// Left is the relative time beside a deadline (「还剩 2 天 3 小时」), or
// 「已截止」 once it has passed.
func (v *page) Left(deadline, now time.Time) string {
	d := deadline.Sub(now)
	if d <= 0 {
		return v.T("time.passed")
	}
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return v.TM("time.left_days", "Days", days, "Hours", hours)
	case hours > 0:
		return v.TM("time.left_hours", "Hours", hours, "Minutes", mins)
	default:
		return v.TM("time.left_minutes", "Minutes", mins+1)
	}
}

var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// quotedPhrase pulls the %q-quoted phrase out of a domain message (the
// restriction check names the offending phrase that way).
func quotedPhrase(msg string) string {
	if m := quoted.FindString(msg); m != "" {
		if s, err := strconv.Unquote(m); err == nil {
			return s
		}
	}
	return ""
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
