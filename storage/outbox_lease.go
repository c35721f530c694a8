package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"marketplace/domain"
)

// leaseReturning lists the claimed rows' columns (an outboxMsgRow).
const leaseReturning = `RETURNING o.id, o.topic, o.entity, o.entity_id, o.version, o.created_at, o.attempts, o.next_attempt_at,
	o.last_error, o.done_at, o.payload::text AS payload, o.dead`

// leaseByLane claims at most @per due rows of each entity (lane) that has
// no lease running, the oldest rows first overall. The final FOR UPDATE
// re-checks the lease on the current row version, so two replicas never
// lease one row (SKIP LOCKED: nor wait for each other).
const leaseByLane = `WITH RECURSIVE pending(entity_id) AS (
	-- the distinct lanes with pending rows, one index probe each (a loose
	-- index scan), however many rows wait in them
	(SELECT entity_id FROM outbox WHERE topic = @topic AND done_at IS NULL ORDER BY entity_id LIMIT 1)
	UNION ALL
	SELECT (SELECT o.entity_id FROM outbox o WHERE o.topic = @topic AND o.done_at IS NULL AND o.entity_id > pending.entity_id
		ORDER BY o.entity_id LIMIT 1)
	FROM pending WHERE pending.entity_id IS NOT NULL
), lanes AS (
	SELECT p.entity_id FROM pending p
	WHERE p.entity_id IS NOT NULL AND NOT (p.entity_id = ANY (CAST(@exclude AS bigint[])))
		AND NOT EXISTS (SELECT 1 FROM outbox l WHERE l.topic = @topic AND l.entity_id = p.entity_id
			AND l.done_at IS NULL AND l.locked_until IS NOT NULL AND l.locked_until > @now)
), due AS (
	SELECT r.id FROM lanes CROSS JOIN LATERAL (
		SELECT id, next_attempt_at FROM outbox
		WHERE topic = @topic AND entity_id = lanes.entity_id AND done_at IS NULL AND next_attempt_at <= @now
		ORDER BY next_attempt_at, id LIMIT @per) r
	ORDER BY r.next_attempt_at, r.id LIMIT @limit
), picked AS (
	SELECT o.id FROM outbox o
	WHERE o.id IN (SELECT id FROM due) AND o.done_at IS NULL AND (o.locked_until IS NULL OR o.locked_until <= @now)
	FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET locked_until = @until FROM picked WHERE o.id = picked.id
` + leaseReturning

// leaseOldest claims the oldest due, unleased rows of a topic.
const leaseOldest = `WITH picked AS (
	SELECT id FROM outbox
	WHERE topic = @topic AND done_at IS NULL AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
	ORDER BY next_attempt_at, id LIMIT @limit
	FOR UPDATE SKIP LOCKED
)
UPDATE outbox o SET locked_until = @until FROM picked WHERE o.id = picked.id
` + leaseReturning

// LeaseOutbox implements domain.OpenDataStore: one statement, in its own
// short transaction.
func (s *DB) LeaseOutbox(ctx context.Context, q domain.LeaseQuery) ([]*domain.OutboxMessage, error) {
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
	out := make([]*domain.OutboxMessage, len(rows))
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
func (s *DB) SettleOutbox(ctx context.Context, outcomes []domain.OutboxOutcome, now time.Time) error {
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
	err = s.db.WithContext(ctx).Exec(`UPDATE outbox o SET
			attempts = CASE WHEN v.release THEN o.attempts ELSE v.attempts END,
			last_error = CASE WHEN v.release THEN o.last_error ELSE v.last_error END,
			next_attempt_at = CASE WHEN v.done OR v.release THEN o.next_attempt_at ELSE v.next_attempt_at END,
			done_at = CASE WHEN v.done THEN CAST(? AS timestamptz) END,
			dead = v.dead,
			locked_until = NULL
		FROM jsonb_to_recordset(CAST(? AS jsonb)) AS v(id bigint, attempts int, last_error text, next_attempt_at timestamptz,
			done boolean, dead boolean, release boolean)
		WHERE o.id = v.id AND o.done_at IS NULL`, now, string(b)).Error
	if err != nil {
		return fmt.Errorf("storage: settle outbox: %w", err)
	}
	return nil
}
