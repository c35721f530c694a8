package market

import (
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// DefaultQuestionCutoff is how long before the close questions stop
// (MARKET_QUESTION_CUTOFF): the owner needs time to answer, and agencies
// time to read the answer before they bid.
const DefaultQuestionCutoff = 48 * time.Hour

// Lengths of a question and of an answer, in characters. They are the one
// source of these numbers; domain re-exports them beside its other limits,
// and the OpenAPI document quotes them (TestOpenAPI_LimitsMatchTheDomain).
const (
	MaxQuestionRunes = 2000
	MaxAnswerRunes   = 5000
)

// Question is one question on a project in bidding and, once given, the
// owner's answer (澄清). It never carries the asker: AdminQuestion does,
// for admins only, so that no other response can leak it by accident.
type Question struct {
	ID         int64      `json:"id"`
	ProjectID  int64      `json:"project_id"`
	Question   string     `json:"question"`
	AskedAt    time.Time  `json:"asked_at"`
	Answer     *string    `json:"answer"`
	AnsweredAt *time.Time `json:"answered_at"`
}

// Answered reports whether the owner has answered.
func (q *Question) Answered() bool { return q.Answer != nil }

// AdminQuestion is a question with its asker, for admins.
type AdminQuestion struct {
	Question
	AskerID   int64  `json:"asker_id"`
	AskerName string `json:"asker_name"`
}

// ProjectQuestions is what a reader sees of a project's questions, with
// the question deadline and whether the reader may still ask.
type ProjectQuestions struct {
	Questions []*Question `json:"questions"`
	// Deadline is the last moment a question is accepted.
	Deadline time.Time `json:"deadline"`
	// CanAsk: the reader is an agency and the deadline has not passed.
	CanAsk bool `json:"can_ask"`
}

// Errors of the questions rules.
var (
	ErrQuestionNotFound   = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "question_not_found", Message: "Question not found."}
	ErrQuestionDeadline   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "question_deadline_passed", Message: "The question deadline has passed: questions close before bidding does."}
	ErrQuestionAnswered   = &kernel.Error{Code: kernel.ECONFLICT, Reason: "question_answered", Message: "The question is already answered; publish a further clarification as an amendment."}
	ErrQuestionNotAgency  = &kernel.Error{Code: kernel.EFORBIDDEN, Reason: "question_not_agency", Message: "Only agency accounts ask questions on a project."}
	ErrQuestionNotBidding = &kernel.Error{Code: kernel.ECONFLICT, Reason: "project_not_bidding", Message: "Questions are asked and answered only while the project is open for bids."}
)

// QuestionDeadline is the last moment an agency may ask on p: cutoff
// before the announced close. The announced close, not an auction's
// extended one: an extension must not reopen questions.
func QuestionDeadline(p *Project, cutoff time.Duration) time.Time {
	return p.BiddingClosesAt.Add(-cutoff)
}

// CanAsk is the one rule on asking: an agency (not the owner) may ask while
// p is in bidding and before the question deadline. now is the platform
// clock, read in the transaction that records the question.
func CanAsk(actor kernel.Actor, p *Project, now time.Time, cutoff time.Duration) error {
	switch {
	case actor.IsAnonymous():
		return kernel.ErrUnauthenticated
	case actor.Role != kernel.RoleAgency || actor.ID == p.OwnerID:
		return ErrQuestionNotAgency
	case p.Status != ProjectBidding:
		return ErrQuestionNotBidding
	case !now.Before(QuestionDeadline(p, cutoff)):
		return ErrQuestionDeadline
	}
	return nil
}

// NormaliseQuestionText trims text and checks its length.
func NormaliseQuestionText(field, text string, max int) (string, error) {
	text = strings.TrimSpace(text)
	if n := utf8.RuneCountInString(text); n < 1 || n > max {
		return "", kernel.FieldError(field, field+"_length", "The %s must be 1 to %d characters.", field, max).WithMax(max)
	}
	return text, nil
}

// OwnerQuestionTask is an unanswered question on one of the owner's
// projects whose question deadline has passed: an item of the owner's 待办.
type OwnerQuestionTask struct {
	QuestionID   int64     `json:"question_id"`
	ProjectID    int64     `json:"project_id"`
	ProjectTitle string    `json:"project_title"`
	AskedAt      time.Time `json:"asked_at"`
	ClosesAt     time.Time `json:"closes_at"`
}
