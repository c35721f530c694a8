package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"marketplace/domain/market"
)

// questionRow is a row of questions; AskerID and AskerName are read only
// for admins (FindAdminQuestions).
type questionRow struct {
	ID         int64
	ProjectID  int64
	Question   string
	AskedAt    time.Time
	Answer     *string
	AnsweredAt *time.Time
	AskerID    int64
	AskerName  string
}

func (r *questionRow) toDomain() *market.Question {
	return &market.Question{ID: r.ID, ProjectID: r.ProjectID, Question: r.Question, AskedAt: r.AskedAt.UTC(),
		Answer: r.Answer, AnsweredAt: utcPtr(r.AnsweredAt)}
}

// questionColumns never include the asker: only FindAdminQuestions adds it.
const questionColumns = "q.id, q.project_id, q.question, q.asked_at, q.answer, q.answered_at"

// CreateQuestion implements market.QuestionStore.
func (s *DB) CreateQuestion(ctx context.Context, q *market.Question, askerID int64) error {
	row := questionInsert{ProjectID: q.ProjectID, AskerID: askerID, Question: q.Question, AskedAt: q.AskedAt}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create question on %d: %w", q.ProjectID, err)
	}
	q.ID = row.ID
	return nil
}

// questionInsert is a new, unanswered questions row.
type questionInsert struct {
	ID        int64
	ProjectID int64
	AskerID   int64
	Question  string
	AskedAt   time.Time
}

func (questionInsert) TableName() string { return "questions" }

// FindQuestion implements market.QuestionStore.
func (s *DB) FindQuestion(ctx context.Context, id int64, forUpdate bool) (*market.Question, error) {
	q := s.db.WithContext(ctx).Table("questions q").Select(questionColumns).Where("q.id = ?", id)
	q = q.Scopes(forUpdateIf(forUpdate))
	var rows []questionRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find question %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, market.ErrQuestionNotFound
	}
	return rows[0].toDomain(), nil
}

// FindQuestions implements market.QuestionStore.
func (s *DB) FindQuestions(ctx context.Context, projectID int64) ([]*market.Question, error) {
	var rows []questionRow
	if err := s.db.WithContext(ctx).Table("questions q").Select(questionColumns).Where("q.project_id = ?", projectID).
		Order("q.asked_at, q.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find questions on %d: %w", projectID, err)
	}
	out := make([]*market.Question, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// FindAdminQuestions implements market.QuestionStore.
func (s *DB) FindAdminQuestions(ctx context.Context, projectID int64) ([]*market.AdminQuestion, error) {
	var rows []questionRow
	if err := s.db.WithContext(ctx).Table("questions q").Joins("JOIN accounts a ON a.id = q.asker_id").
		Select(questionColumns+", q.asker_id, a.name AS asker_name").Where("q.project_id = ?", projectID).
		Order("q.asked_at, q.id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find admin questions on %d: %w", projectID, err)
	}
	out := make([]*market.AdminQuestion, len(rows))
	for i := range rows {
		out[i] = &market.AdminQuestion{Question: *rows[i].toDomain(), AskerID: rows[i].AskerID, AskerName: rows[i].AskerName}
	}
	return out, nil
}

// SaveAnswer implements market.QuestionStore.
func (s *DB) SaveAnswer(ctx context.Context, id int64, answer string, answererID int64, at time.Time) error {
	err := s.db.WithContext(ctx).Table("questions").Where("id = ?", id).
		Updates(map[string]any{"answer": answer, "answered_at": at, "answerer_id": answererID}).Error
	if err != nil {
		return fmt.Errorf("storage: answer question %d: %w", id, err)
	}
	return nil
}

// questionAudienceSQL is a UNION, which GORM's builder does not express
// (queries/question_audience.sql).
var questionAudienceSQL = loadQuery("question_audience")

// FindQuestionAudience implements market.QuestionStore.
func (s *DB) FindQuestionAudience(ctx context.Context, projectID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(questionAudienceSQL, sql.Named("project", projectID)).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("storage: question audience of %d: %w", projectID, err)
	}
	return ids, nil
}

// FindOwnerUnansweredQuestions implements market.QuestionStore.
func (s *DB) FindOwnerUnansweredQuestions(ctx context.Context, ownerID int64, now time.Time, cutoff time.Duration) ([]*market.OwnerQuestionTask, error) {
	var out []*market.OwnerQuestionTask
	err := s.db.WithContext(ctx).Table("questions q").Joins("JOIN projects p ON p.id = q.project_id").
		Select("q.id AS question_id, p.id AS project_id, p.title AS project_title, q.asked_at, p.closes_at").
		Where("p.owner_id = ? AND p.status = 'bidding' AND q.answer IS NULL", ownerID).
		Where("p.bidding_closes_at - make_interval(secs => ?) <= ?", cutoff.Seconds(), now).
		Order("p.closes_at, q.asked_at, q.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("storage: unanswered questions of owner %d: %w", ownerID, err)
	}
	for _, t := range out {
		t.AskedAt, t.ClosesAt = t.AskedAt.UTC(), t.ClosesAt.UTC()
	}
	return out, nil
}
