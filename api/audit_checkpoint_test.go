package api_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"marketplace/api"
	"marketplace/domain"
	"marketplace/domain/audit"
)

// A signed checkpoint saved outside the platform pins the audit chain's
// head: after the newest rows are deleted as superuser (and the
// checkpoints that named them too) the server's own walk still passes,
// but verify-audit with the saved file fails and names the checkpoint;
// once new rows take the cut positions, it reports a rewritten tail.
func TestAuditCheckpoints_TruncatedTailDetected(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	signer, err := domain.NewSigner(domain.GenerateSigningSeed())
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Signer = signer
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	app.DB.Clock().Set(func() time.Time { return now })
	ctx := context.Background()
	checkpoint := func() int {
		t.Helper()
		r, err := app.Jobs.RunOnce(ctx, "audit_checkpoint")
		if err != nil {
			t.Fatal(err)
		}
		return r.Rows
	}
	for i := 0; i < 3; i++ {
		app.register("agency", "审计检查点测试中介有限公司")
	}
	if n := checkpoint(); n != 1 {
		t.Fatalf("first run made %d checkpoints, want 1", n)
	}
	if n := checkpoint(); n != 0 {
		t.Fatalf("a run within %s made %d checkpoints, want 0", audit.CheckpointEvery, n)
	}
	var key audit.PublicKey
	app.do("GET", "/api/v1/audit/public-key", "", nil).decode(t, &key)
	if key.PublicKey != signer.PublicKey() || key.Algorithm != "ed25519" {
		t.Fatalf("public key %+v", key)
	}
	var list domain.List[*audit.Checkpoint]
	app.do("GET", "/api/v1/audit/checkpoints", "", nil).decode(t, &list)
	if list.Total != 1 || !domain.VerifySignature(key.PublicKey, list.Items[0].SignedMessage(), list.Items[0].Signature) {
		t.Fatalf("checkpoints %+v", list)
	}
	first := *list.Items[0] // a copy: the next decode reuses the slice

	// More activity, a checkpoint ten minutes on that pins it, saved.
	for i := 0; i < 3; i++ {
		app.register("enterprise", "审计检查点测试企业有限公司")
	}
	now = now.Add(audit.CheckpointEvery)
	if n := checkpoint(); n != 1 {
		t.Fatalf("run after %s made %d checkpoints, want 1", audit.CheckpointEvery, n)
	}
	file := filepath.Join(t.TempDir(), "checkpoints.json")
	verify := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := api.VerifyAuditCommand(ctx, append([]string{"-url", app.URL}, args...), &out)
		return out.String(), err
	}
	if out, err := verify("-save", file); err != nil {
		t.Fatalf("intact chain: %v\n%s", err, out)
	}
	app.do("GET", "/api/v1/audit/checkpoints", "", nil).decode(t, &list)
	pinned := *list.Items[0]
	if pinned.Seq <= first.Seq {
		t.Fatalf("second checkpoint at seq %d, first at %d", pinned.Seq, first.Seq)
	}

	// The superuser cuts the tail and the checkpoint that named it.
	// (One statement list, so that the role setting and the deletes share a
	// connection; replica mode skips the append-only triggers.)
	storagetestExec(t, app, "BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE seq > "+itoa(first.Seq)+
		"; DELETE FROM audit_checkpoints WHERE seq > "+itoa(first.Seq)+"; COMMIT")
	var v audit.Verification
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	if !v.OK || v.HeadSeq != first.Seq {
		t.Fatalf("the cut chain should still walk cleanly on its own: %+v", v)
	}
	out, err := verify("-checkpoints", file)
	if err == nil || !strings.Contains(out, "checkpoint seq "+itoa(pinned.Seq)) || !strings.Contains(out, "truncated") {
		t.Fatalf("truncation not reported (err %v):\n%s", err, out)
	}
	if strings.Contains(out, "checkpoint seq "+itoa(first.Seq)+" ") {
		t.Errorf("the intact first checkpoint is reported:\n%s", out)
	}

	// New rows take the cut positions: the tail now reads as rewritten.
	for i := 0; i < 5; i++ {
		app.register("agency", "审计检查点后来的中介有限公司")
	}
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	out, err = verify("-checkpoints", file)
	if err == nil || !strings.Contains(out, "checkpoint seq "+itoa(pinned.Seq)) || !strings.Contains(out, "rewritten") {
		t.Fatalf("rewritten tail not reported (err %v):\n%s", err, out)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// The server's own walk compares the chain with its newest checkpoint, so
// a cut that leaves the checkpoints in place fails GET /audit/verify too.
func TestAuditVerify_ChecksNewestCheckpoint(t *testing.T) {
	t.Parallel()
	app := newTestApp(t)
	signer, err := domain.NewSigner(domain.GenerateSigningSeed())
	if err != nil {
		t.Fatal(err)
	}
	app.Market.Signer = signer
	for i := 0; i < 3; i++ {
		app.register("agency", "审计检查点测试中介有限公司")
	}
	if _, err := app.Jobs.RunOnce(context.Background(), "audit_checkpoint"); err != nil {
		t.Fatal(err)
	}
	var v audit.Verification
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	if !v.OK {
		t.Fatalf("intact chain: %+v", v)
	}
	storagetestExec(t, app, "BEGIN; SET LOCAL session_replication_role = replica; DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log); COMMIT")
	app.do("GET", "/api/v1/audit/verify", "", nil).decode(t, &v)
	if v.OK || v.BrokenAt == nil || *v.BrokenAt != v.HeadSeq+1 || !strings.Contains(v.Reason, "checkpoint") {
		t.Fatalf("cut below the newest checkpoint verified: %+v", v)
	}
}
