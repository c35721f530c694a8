package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
)

// Bidders' questions and the owner's answers (澄清): the question, its
// views, the deadline, the rule on asking and the errors live in
// domain/market. The store and the use cases stay here
// (question_service.go).

// DefaultQuestionCutoff is how long before the close questions stop (market).
const DefaultQuestionCutoff = market.DefaultQuestionCutoff

// Questions (market).
type (
	Question          = market.Question
	AdminQuestion     = market.AdminQuestion
	ProjectQuestions  = market.ProjectQuestions
	OwnerQuestionTask = market.OwnerQuestionTask
)

// Errors of the questions rules (market).
var (
	ErrQuestionNotFound   = market.ErrQuestionNotFound
	ErrQuestionDeadline   = market.ErrQuestionDeadline
	ErrQuestionAnswered   = market.ErrQuestionAnswered
	ErrQuestionNotAgency  = market.ErrQuestionNotAgency
	ErrQuestionNotBidding = market.ErrQuestionNotBidding
)

// QuestionDeadline is the last moment an agency may ask on p (market).
func QuestionDeadline(p *Project, cutoff time.Duration) time.Time {
	return market.QuestionDeadline(p, cutoff)
}

// CanAsk is the one rule on asking (market).
func CanAsk(actor Actor, p *Project, now time.Time, cutoff time.Duration) error {
	return market.CanAsk(actor, p, now, cutoff)
}

// QuestionStore persists questions and answers.
type QuestionStore interface {
	CreateQuestion(ctx context.Context, q *Question, askerID int64) error
	// FindQuestion returns one question, locked FOR UPDATE when asked.
	FindQuestion(ctx context.Context, id int64, forUpdate bool) (*Question, error)
	// FindQuestions returns the project's questions, oldest first.
	FindQuestions(ctx context.Context, projectID int64) ([]*Question, error)
	// FindAdminQuestions returns the project's questions with their askers.
	FindAdminQuestions(ctx context.Context, projectID int64) ([]*AdminQuestion, error)
	SaveAnswer(ctx context.Context, id int64, answer string, answererID int64, at time.Time) error
	// FindQuestionAudience returns every agency that bid (in any state)
	// or asked on the project.
	FindQuestionAudience(ctx context.Context, projectID int64) ([]int64, error)
	// FindOwnerUnansweredQuestions returns the unanswered questions on the
	// owner's projects in bidding whose question deadline (the announced
	// close less cutoff) is at or before now.
	FindOwnerUnansweredQuestions(ctx context.Context, ownerID int64, now time.Time, cutoff time.Duration) ([]*OwnerQuestionTask, error)
}
