package storage_test

import (
	"context"
	"strings"
	"testing"

	"marketplace/domain"
	"marketplace/domain/audit"
	"marketplace/storage/storagetest"
)

// The audit log's outbox triggers (migrations 00060 and 00290): an audit
// row queues an outbox event only for the actions the events feed and the
// saved searches publish, and a bid's rows queue nothing. (Their test moved
// into a WHEN clause measured no cheaper for one-row inserts, so it stays
// in the functions; docs/performance.md, 2026-12-07.)
func TestAudit_TriggersQueueOnlyTheirActions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	var before int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM outbox`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ action, subject string }{
		{"bid.submitted", "7"}, {"bid.revised", "7"}, {"bid_receipt.sealed", "7"}, {"auction.bid", "7"},
		{"project.created", "7"}, {"project.published", "42"}, {"project.amended", "draft-1"},
		{"credit.adjusted", "x"}, {"account.registered", "9"}, {"projects.published", "9"},
	} {
		if err := db.AppendAudit(ctx, domain.NewAudit(domain.SystemActor, a.action, "project", a.subject, map[string]any{})); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.SQL().QueryContext(ctx, `SELECT o.topic, o.entity_id, o.payload->>'action', l.action, o.version = l.id
		FROM outbox o JOIN audit_log l ON l.id = o.version WHERE o.id > $1 ORDER BY o.topic, l.id`, before)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var topic, payloadAction, action string
		var entity int64
		var versioned bool
		if err := rows.Scan(&topic, &entity, &payloadAction, &action, &versioned); err != nil {
			t.Fatal(err)
		}
		if !versioned || (payloadAction != action) {
			t.Errorf("%s row for %s: payload action %q, version is the audit id: %v", topic, action, payloadAction, versioned)
		}
		got = append(got, topic+" "+action+" "+itoa(entity))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"events project.published 42", "events project.amended 0", "events credit.adjusted 0",
		"saved_search project.published 42",
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("outbox rows:\n got %q\nwant %q", got, want)
	}
}

// The audit log stays append-only with the guard on UPDATE run after the
// row (migration 00412): a row is sealed once, and nothing else about it
// can change, before or after the seal; rows cannot be deleted.
func TestAudit_AppendOnlyAfterTheSeal(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storagetest.MustOpen(t)
	conn := db.SQL()
	for range 2 {
		if err := db.AppendAudit(ctx, domain.NewAudit(domain.SystemActor, "bid.submitted", "project", "1", map[string]any{"agency_id": 2})); err != nil {
			t.Fatal(err)
		}
	}
	var sealedID, openID, head int64
	if err := conn.QueryRowContext(ctx, `SELECT max(id) - 1, max(id), coalesce((SELECT max(seq) FROM audit_log), 0) FROM audit_log`).
		Scan(&sealedID, &openID, &head); err != nil {
		t.Fatal(err)
	}
	h := strings.Repeat("a", 64)
	if err := db.SealAudit(ctx, []audit.Seal{{ID: sealedID, Seq: head + 1, PrevHash: h, Hash: h}}); err != nil {
		t.Fatalf("the first seal: %v", err)
	}
	var seq *int64
	if err := conn.QueryRowContext(ctx, `SELECT seq FROM audit_log WHERE id = $1`, sealedID).Scan(&seq); err != nil || seq == nil || *seq != head+1 {
		t.Fatalf("sealed row's seq %v (%v), want %d", seq, err, head+1)
	}
	for _, c := range []struct{ name, sql, want string }{
		{"re-seal", `UPDATE audit_log SET seq = seq + 100 WHERE id = $1`, "immutable"},
		{"sealed summary", `UPDATE audit_log SET summary = '{}' WHERE id = $1`, "immutable"},
		{"sealed no-op", `UPDATE audit_log SET summary = summary WHERE id = $1`, "immutable"},
		{"unsealed summary", `UPDATE audit_log SET summary = '{"agency_id":3}' WHERE id = $1 + 1`, "immutable"},
		{"unsealed action", `UPDATE audit_log SET action = 'bid.withdrawn' WHERE id = $1 + 1`, "immutable"},
		{"unsealed time", `UPDATE audit_log SET at = at - interval '1 day' WHERE id = $1 + 1`, "immutable"},
		{"unsealed actor", `UPDATE audit_log SET actor_id = actor_id + 1 WHERE id = $1 + 1`, "immutable"},
		{"delete", `DELETE FROM audit_log WHERE id = $1`, "append-only"},
		{"delete unsealed", `DELETE FROM audit_log WHERE id = $1 + 1`, "append-only"},
	} {
		_, err := conn.ExecContext(ctx, c.sql, sealedID)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	if _, err := conn.ExecContext(ctx, `TRUNCATE audit_log CASCADE`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("truncate: %v", err)
	}
	var summary string
	if err := conn.QueryRowContext(ctx, `SELECT summary FROM audit_log WHERE id = $1`, openID).Scan(&summary); err != nil || summary != `{"agency_id":2}` {
		t.Errorf("unsealed row's summary after the refused updates: %q (%v)", summary, err)
	}
}
