package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"marketplace/domain/opendata"
)

// The two ways of claiming outbox rows (queries/outbox_lease_*.sql): by
// lane when each entity's rows must go out in order, one lease per lane at
// a time; otherwise the oldest first. Both return outboxMsgRow columns.
var (
	leaseByLane = loadQuery("outbox_lease_by_lane")
	leaseOldest = loadQuery("outbox_lease_oldest")
)

// settleOutbox: queries/outbox_settle_batch.sql.
var settleOutbox = loadQuery("outbox_settle_batch")

// LeaseOutbox implements domain.OpenDataStore: one statement, in its own
// short transaction.
func (s *DB) LeaseOutbox(ctx context.Context, q opendata.LeaseQuery) ([]*opendata.OutboxMessage, error) {
	if q.Limit <= 0 {
		return nil, nil
	}
	sql := leaseOldest
	if q.PerEntity > 0 {
		sql = leaseByLane
	}
	exclude := make([]string, len(q.Exclude))
	for i, id := range q.Exclude {
		exclude[i] = strconv.FormatInt(id, 10)
	}
	var rows []outboxMsgRow
	err := s.db.WithContext(ctx).Raw(sql, map[string]any{"topic": q.Topic, "now": q.Now, "until": q.Until, "limit": q.Limit,
		"per": q.PerEntity, "exclude": "{" + strings.Join(exclude, ",") + "}"}).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: lease outbox %s: %w", q.Topic, err)
	}
	sort.Slice(rows, func(i, j int) bool {
		if !rows[i].NextAttemptAt.Equal(rows[j].NextAttemptAt) {
			return rows[i].NextAttemptAt.Before(rows[j].NextAttemptAt)
		}
		return rows[i].ID < rows[j].ID
	})
	out := make([]*opendata.OutboxMessage, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// outcomeJSON is one row of SettleOutbox's batch (jsonb_to_recordset).
type outcomeJSON struct {
	ID            int64     `json:"id"`
	Attempts      int       `json:"attempts"`
	LastError     string    `json:"last_error"`
	NextAttemptAt time.Time `json:"next_attempt_at"`
	Done          bool      `json:"done"`
	Dead          bool      `json:"dead"`
	Release       bool      `json:"release"`
}

// SettleOutbox implements domain.OpenDataStore: every outcome in one
// statement.
func (s *DB) SettleOutbox(ctx context.Context, outcomes []opendata.OutboxOutcome, now time.Time) error {
	if len(outcomes) == 0 {
		return nil
	}
	rows := make([]outcomeJSON, len(outcomes))
	for i, o := range outcomes {
		rows[i] = outcomeJSON{ID: o.ID, Attempts: o.Attempts, LastError: o.LastError, NextAttemptAt: o.NextAttemptAt.UTC(),
			Done: o.Done, Dead: o.Dead, Release: o.Release}
	}
	b, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	err = s.db.WithContext(ctx).Exec(settleOutbox, map[string]any{"now": now, "outcomes": string(b)}).Error
	if err != nil {
		return fmt.Errorf("storage: settle outbox: %w", err)
	}
	return nil
}
