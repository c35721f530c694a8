package platformnotice_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"marketplace/domain/kernel"
	"marketplace/domain/platformnotice"
)

// board keeps notices in memory and records the audit actions.
type board struct {
	platformnotice.Store // reads are not reached (the nil panics)
	notices              []*platformnotice.Notice
	audits               []string
}

func (b *board) CreatePlatformNotice(_ context.Context, n *platformnotice.Notice) error {
	n.ID = int64(len(b.notices) + 1)
	b.notices = append(b.notices, n)
	return nil
}
func (b *board) Now(context.Context) (time.Time, error) {
	return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), nil
}
func (b *board) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	b.audits = append(b.audits, e.Action)
	return nil
}

// TestBoard_Publish: only an administrator publishes; a title or body out
// of bounds is refused; nothing refused is written, a publication is
// written once with its audit entry at the platform clock.
func TestBoard_Publish(t *testing.T) {
	admin := kernel.Actor{ID: 1, Role: kernel.RoleAdmin}
	ok := platformnotice.Input{Title: " 系统维护通知 ", Body: "12月7日凌晨维护。"}
	tests := []struct {
		name  string
		actor kernel.Actor
		in    platformnotice.Input
		code  string
	}{
		{"anonymous", kernel.Actor{}, ok, kernel.EUNAUTHORIZED},
		{"department", kernel.Actor{ID: 2, Role: kernel.RoleDepartment}, ok, kernel.EFORBIDDEN},
		{"short title", admin, platformnotice.Input{Title: "通", Body: "正文"}, kernel.EINVALID},
		{"no body", admin, platformnotice.Input{Title: "维护通知", Body: "  "}, kernel.EINVALID},
		{"long body", admin, platformnotice.Input{Title: "维护通知", Body: strings.Repeat("长", platformnotice.MaxBodyRunes+1)}, kernel.EINVALID},
		{"published", admin, ok, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &board{}
			sv := &platformnotice.Board{InTx: func(ctx context.Context, fn func(platformnotice.Tx) error) error { return fn(b) }}
			n, err := sv.Publish(context.Background(), tc.actor, tc.in)
			if kernel.ErrorCode(err) != tc.code {
				t.Fatalf("err %v, want code %q", err, tc.code)
			}
			if tc.code != "" {
				if len(b.notices)+len(b.audits) != 0 {
					t.Errorf("a refused notice wrote %d notices, audits %v", len(b.notices), b.audits)
				}
				return
			}
			if len(b.notices) != 1 || len(b.audits) != 1 || b.audits[0] != "notice.published" || n.Title != "系统维护通知" || n.PublishedBy != 1 || n.PublishedAt.IsZero() {
				t.Errorf("published %+v, audits %v", n, b.audits)
			}
		})
	}
}
