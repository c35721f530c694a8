package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/opendata"
)

// outboxMsgRow is an outbox row with payload and dead-letter flag.
type outboxMsgRow struct {
	ID            int64
	Topic         string
	Entity        string
	EntityID      int64
	Version       int64
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	DoneAt        *time.Time
	Payload       string
	Dead          bool
}

func (outboxMsgRow) TableName() string { return "outbox" }

func (r *outboxMsgRow) toDomain() *opendata.OutboxMessage {
	return &opendata.OutboxMessage{OutboxEntry: opendata.OutboxEntry{ID: r.ID, Topic: r.Topic, Entity: r.Entity, EntityID: r.EntityID,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), Attempts: r.Attempts, NextAttemptAt: r.NextAttemptAt.UTC(),
		LastError: r.LastError, DoneAt: r.DoneAt}, Payload: json.RawMessage(r.Payload), Dead: r.Dead}
}

const outboxMsgColumns = "id, topic, entity, entity_id, version, created_at, attempts, next_attempt_at, last_error, done_at, payload::text AS payload, dead"

// ClaimOutboxMessages implements domain.OpenDataStore.
func (s *DB) ClaimOutboxMessages(ctx context.Context, topic string, now time.Time, limit int) ([]*opendata.OutboxMessage, error) {
	var rows []outboxMsgRow
	err := s.db.WithContext(ctx).Select(outboxMsgColumns).
		Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked}).
		Where("topic = ? AND done_at IS NULL AND next_attempt_at <= ?", topic, now).
		Order("next_attempt_at, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: claim outbox %s: %w", topic, err)
	}
	out := make([]*opendata.OutboxMessage, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// outboxInsert is the row EnqueueOutbox writes; created_at is the
// database's default. Payload is JSON text, which PostgreSQL reads as the
// column's jsonb.
type outboxInsert struct {
	ID            int64 `gorm:"primaryKey"`
	Topic         string
	Entity        string
	EntityID      int64
	Version       int64
	Payload       string
	NextAttemptAt time.Time
}

func (outboxInsert) TableName() string { return "outbox" }

// EnqueueOutbox implements domain.OpenDataStore.
func (s *DB) EnqueueOutbox(ctx context.Context, m *opendata.OutboxMessage) error {
	payload := string(m.Payload)
	if payload == "" {
		payload = "{}"
	}
	row := outboxInsert{Topic: m.Topic, Entity: m.Entity, EntityID: m.EntityID, Version: m.Version, Payload: payload,
		NextAttemptAt: m.NextAttemptAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: enqueue outbox %s: %w", m.Topic, err)
	}
	m.ID = row.ID
	return nil
}

// DeadLetterOutbox implements domain.OpenDataStore.
func (s *DB) DeadLetterOutbox(ctx context.Context, id int64, attempts int, lastError string, now time.Time) error {
	err := s.db.WithContext(ctx).Table("outbox").Where("id = ?", id).
		Updates(map[string]any{"done_at": now, "dead": true, "attempts": attempts, "last_error": lastError}).Error
	if err != nil {
		return fmt.Errorf("storage: dead-letter outbox %d: %w", id, err)
	}
	return nil
}

// FindOutboxByEntity implements domain.OpenDataStore.
func (s *DB) FindOutboxByEntity(ctx context.Context, topic, entity string, entityID int64, p domain.Page) ([]*opendata.OutboxMessage, int, error) {
	return s.pageOutbox(ctx, p, "topic = ? AND entity = ? AND entity_id = ?", topic, entity, entityID)
}

// FindDeadLetters implements domain.OpenDataStore.
func (s *DB) FindDeadLetters(ctx context.Context, p domain.Page) ([]*opendata.OutboxMessage, int, error) {
	return s.pageOutbox(ctx, p, "dead")
}

func (s *DB) pageOutbox(ctx context.Context, p domain.Page, where string, args ...any) ([]*opendata.OutboxMessage, int, error) {
	db := s.db.WithContext(ctx).Model(&outboxMsgRow{}).Where(where, args...)
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count outbox: %w", err)
	}
	var rows []outboxMsgRow
	if err := db.Select(outboxMsgColumns).Order("id DESC").Limit(p.PerPage).Offset((p.Page - 1) * p.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: page outbox: %w", err)
	}
	out := make([]*opendata.OutboxMessage, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindAuditByID implements domain.OpenDataStore.
func (s *DB) FindAuditByID(ctx context.Context, id int64) (*domain.AuditEntry, error) {
	var r auditRow
	err := s.db.WithContext(ctx).Take(&r, id).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find audit %d: %w", id, formatError(err,
			domain.Errorf(domain.ENOTFOUND, "audit_not_found", "No audit row %d.", id), nil))
	}
	return r.toDomain(), nil
}

// EventContext implements domain.OpenDataStore.
func (s *DB) EventContext(ctx context.Context, a *domain.AuditEntry) (*opendata.EventParties, error) {
	db := s.db.WithContext(ctx)
	subject, _ := strconv.ParseInt(a.SubjectID, 10, 64)
	var summary struct {
		ProjectID   int64 `json:"project_id"`
		ObjectionID int64 `json:"objection_id"`
	}
	_ = json.Unmarshal(a.Summary, &summary)
	ps := &opendata.EventParties{}
	objection := summary.ObjectionID
	switch a.SubjectType {
	case "project":
		ps.ProjectID = subject
	case "objection":
		ps.ProjectID, objection = summary.ProjectID, subject
	case "agency":
		ps.AgencyID = subject
	}
	if objection > 0 {
		var o struct{ ProjectID, ObjectorID int64 }
		if err := db.Table("objections").Select("project_id, objector_id").Where("id = ?", objection).Scan(&o).Error; err != nil {
			return nil, fmt.Errorf("storage: event objection %d: %w", objection, err)
		}
		ps.ObjectorID = o.ObjectorID
		if ps.ProjectID == 0 {
			ps.ProjectID = o.ProjectID
		}
	}
	if ps.ProjectID == 0 {
		return ps, nil
	}
	var p struct {
		Title           string
		ItemCode        string
		OwnerID         int64
		AwardedAgencyID int64
	}
	if err := db.Table("projects").Select("title, item_code, owner_id, COALESCE(awarded_agency_id, 0) AS awarded_agency_id").
		Where("id = ?", ps.ProjectID).Scan(&p).Error; err != nil {
		return nil, fmt.Errorf("storage: event project %d: %w", ps.ProjectID, err)
	}
	ps.ProjectTitle, ps.ItemCode, ps.OwnerID, ps.AwardedAgencyID = p.Title, p.ItemCode, p.OwnerID, p.AwardedAgencyID
	if err := db.Table("bids").Where("project_id = ? AND status <> 'withdrawn'", ps.ProjectID).Order("agency_id").
		Pluck("agency_id", &ps.BidderIDs).Error; err != nil {
		return nil, fmt.Errorf("storage: event bidders %d: %w", ps.ProjectID, err)
	}
	if strings.HasSuffix(a.Action, ".published") {
		if err := db.Table("agency_items ai").Joins("JOIN accounts a ON a.id = ai.agency_id AND a.status = 'active'").
			Where("ai.item_code = ?", ps.ItemCode).Order("ai.agency_id").Pluck("ai.agency_id", &ps.ItemAgencyIDs).Error; err != nil {
			return nil, fmt.Errorf("storage: event item agencies %s: %w", ps.ItemCode, err)
		}
	}
	return ps, nil
}
