package storage_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"marketplace/domain"
	"marketplace/domain/opendata"
	"marketplace/storage/storagetest"
)

// Outbox rows through the writes of a drain: enqueued, one retried, one
// completed, one dead-lettered; the dead letters list only that one, and
// pruning removes the completed one once its time has passed.
func TestOutbox_RetryCompleteDeadLetterPrune(t *testing.T) {
	t.Parallel()
	db := storagetest.MustOpen(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var ids []int64
	for i := range 3 {
		m := &opendata.OutboxMessage{OutboxEntry: opendata.OutboxEntry{Topic: "webhook", Entity: "audit", EntityID: int64(i + 1),
			NextAttemptAt: t0}, Payload: json.RawMessage(`{"n":1}`)}
		if err := db.EnqueueOutbox(ctx, m); err != nil || m.ID == 0 {
			t.Fatalf("enqueue %d: id %d, %v", i, m.ID, err)
		}
		ids = append(ids, m.ID)
	}
	retry := &opendata.OutboxEntry{ID: ids[0], Attempts: 1, LastError: "timeout", NextAttemptAt: t0.Add(time.Minute)}
	if err := db.RetryOutbox(ctx, retry); err != nil {
		t.Fatal(err)
	}
	if err := db.CompleteOutbox(ctx, ids[1:2], t0); err != nil {
		t.Fatal(err)
	}
	if err := db.DeadLetterOutbox(ctx, ids[2], 5, "gone", t0); err != nil {
		t.Fatal(err)
	}
	dead, total, err := db.FindDeadLetters(ctx, domain.Page{Page: 1, PerPage: 10})
	if err != nil || total != 1 || len(dead) != 1 {
		t.Fatalf("%d dead letters, %v; want 1", total, err)
	}
	if d := dead[0]; d.ID != ids[2] || !d.Dead || d.Attempts != 5 || d.LastError != "gone" || d.DoneAt == nil || string(d.Payload) != `{"n": 1}` {
		t.Errorf("dead letter: %+v, payload %s", d, d.Payload)
	}
	rows, _, err := db.FindOutboxByEntity(ctx, "webhook", "audit", 1, domain.Page{Page: 1, PerPage: 10})
	if err != nil || len(rows) != 1 || rows[0].Attempts != 1 || rows[0].LastError != "timeout" || rows[0].DoneAt != nil ||
		!rows[0].NextAttemptAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("retried row: %+v, %v", rows, err)
	}
	n, err := db.PruneOutbox(ctx, "webhook", t0.Add(time.Second))
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v; want the completed and the dead-lettered rows", n, err)
	}
}
