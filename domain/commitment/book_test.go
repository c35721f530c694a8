package commitment_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"marketplace/domain/commitment"
	"marketplace/domain/kernel"
)

// book keeps the published texts and acceptances in memory.
type book struct {
	commitment.Store // the reads these tests do not reach (the nil panics)
	texts            []*commitment.Text
	accepted         []int64 // text ids
	audits           int
}

func (b *book) FindCommitmentText(_ context.Context, id int64) (*commitment.Text, error) {
	for _, t := range b.texts {
		if t.ID == id {
			return t, nil
		}
	}
	return nil, commitment.ErrNotFound
}
func (b *book) CurrentCommitment(_ context.Context, kind string) (*commitment.Text, error) {
	var cur *commitment.Text
	for _, t := range b.texts {
		if t.Kind == kind && (cur == nil || t.Version > cur.Version) {
			cur = t
		}
	}
	return cur, nil
}
func (b *book) InsertCommitmentText(_ context.Context, t *commitment.Text, _ int64) error {
	cur, _ := b.CurrentCommitment(context.Background(), t.Kind)
	t.ID, t.Version = int64(len(b.texts)+1), 1
	if cur != nil {
		t.Version = cur.Version + 1
	}
	b.texts = append(b.texts, t)
	return nil
}
func (b *book) AcceptCommitment(_ context.Context, accountID int64, t *commitment.Text, at time.Time) (*commitment.Acceptance, error) {
	b.accepted = append(b.accepted, t.ID)
	return &commitment.Acceptance{AccountID: accountID, TextID: t.ID, Version: t.Version, SHA256: t.SHA256, AcceptedAt: at}, nil
}
func (b *book) Now(context.Context) (time.Time, error) {
	return time.Date(2026, 12, 6, 2, 0, 0, 0, time.UTC), nil
}
func (b *book) AppendAudit(context.Context, kernel.AuditEntry) error { b.audits++; return nil }

func reason(err error) string {
	if e, ok := kernel.AsError(err); ok {
		return e.Reason
	}
	return ""
}

// TestBook_PublishAndAccept: an administrator publishes versions in turn;
// an agency accepts only the registration text in force (not an older
// version, not the bidding text), and staff accept nothing.
func TestBook_PublishAndAccept(t *testing.T) {
	ctx := context.Background()
	b := &book{}
	sv := &commitment.Book{Store: b, InTx: func(ctx context.Context, fn func(commitment.Tx) error) error { return fn(b) }}
	admin, agency := kernel.Actor{ID: 1, Role: kernel.RoleAdmin}, kernel.Actor{ID: 7, Role: kernel.RoleAgency}
	if _, err := sv.Publish(ctx, agency, commitment.Registration, "承诺"); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("an agency published: %v", err)
	}
	if _, err := sv.Publish(ctx, admin, "other", "承诺"); reason(err) != "commitment_kind" {
		t.Errorf("an unknown kind: %v", err)
	}
	v1, err1 := sv.Publish(ctx, admin, commitment.Registration, " 本单位承诺所填信息真实。 ")
	v2, err2 := sv.Publish(ctx, admin, commitment.Registration, "本单位承诺所填信息真实、有效。")
	bid, err3 := sv.Publish(ctx, admin, commitment.Bidding, "投标承诺")
	if err1 != nil || err2 != nil || err3 != nil || v1.Version != 1 || v2.Version != 2 || v1.SHA256 != commitment.Digest("本单位承诺所填信息真实。") {
		t.Fatalf("published %+v %+v: %v %v %v", v1, v2, err1, err2, err3)
	}
	for _, tc := range []struct {
		name   string
		actor  kernel.Actor
		id     int64
		reason string
	}{
		{"an older version", agency, v1.ID, "commitment_stale"},
		{"the bidding text", agency, bid.ID, "commitment_kind"},
		{"staff", kernel.Actor{ID: 2, Role: kernel.RoleDepartment}, v2.ID, "forbidden"},
	} {
		if _, err := sv.Accept(ctx, tc.actor, tc.id); reason(err) != tc.reason {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.reason)
		}
	}
	if len(b.accepted) != 0 {
		t.Fatalf("refusals recorded acceptances %v", b.accepted)
	}
	a, err := sv.Accept(ctx, agency, v2.ID)
	if err != nil || a.Version != 2 || len(b.accepted) != 1 || b.audits != 4 {
		t.Errorf("accept: %+v, %v, %d audits", a, err, b.audits)
	}
}

// TestVersion_UnmarshalJSON: a version arrives as a number or a number in
// a string; anything else is a field error.
func TestVersion_UnmarshalJSON(t *testing.T) {
	for in, want := range map[string]int{`3`: 3, `"4"`: 4, `" 5 "`: 5} {
		var v commitment.Version
		if err := json.Unmarshal([]byte(in), &v); err != nil || int(v) != want {
			t.Errorf("%s: %d, %v", in, v, err)
		}
	}
	for _, in := range []string{`-1`, `"x"`, `"-2"`, `1.5`, `true`} {
		var v commitment.Version
		if err := json.Unmarshal([]byte(in), &v); reason(err) != "commitment_version" {
			t.Errorf("%s accepted: %v", in, err)
		}
	}
}
