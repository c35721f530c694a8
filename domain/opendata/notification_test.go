package opendata_test

import (
	"context"
	"testing"
	"time"

	"marketplace/domain/opendata"
)

// notifyStore records what Notify writes.
type notifyStore struct {
	audience []int64
	queued   []*opendata.OutboxMessage
}

func (s *notifyStore) CreateNotifications(_ context.Context, _ *opendata.Notification, to []int64) ([]int64, error) {
	s.audience = to
	ids := make([]int64, len(to))
	for i := range to {
		ids[i] = int64(100 + i)
	}
	return ids, nil
}

func (s *notifyStore) EnqueueOutbox(_ context.Context, m *opendata.OutboxMessage) error {
	s.queued = append(s.queued, m)
	return nil
}

func TestNotify_QueuesMailOnlyWithAMailer(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	n := &opendata.Notification{Kind: "project.closed", Title: "投标已截止", CreatedAt: at}
	var s notifyStore
	if k, err := opendata.Notify(context.Background(), &s, false, n, []int64{7, 8}); err != nil || k != 2 || len(s.queued) != 0 {
		t.Fatalf("without mail: %d %v, %d queued", k, err, len(s.queued))
	}
	s = notifyStore{}
	if k, err := opendata.Notify(context.Background(), &s, true, n, []int64{7, 8}); err != nil || k != 2 || len(s.queued) != 2 {
		t.Fatalf("with mail: %d %v, %d queued", k, err, len(s.queued))
	}
	if m := s.queued[1]; m.Topic != opendata.EmailTopic || m.Entity != "notification" || m.EntityID != 101 || !m.NextAttemptAt.Equal(at) {
		t.Errorf("queued: %+v", m.OutboxEntry)
	}
	s = notifyStore{}
	if k, err := opendata.Notify(context.Background(), &s, true, n, nil); err != nil || k != 0 || s.audience != nil {
		t.Errorf("no audience: %d %v %v", k, err, s.audience)
	}
}
