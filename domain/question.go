package domain

import (
	"context"
	"time"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// Bidders' questions and the owner's answers (澄清): the question, its
// views, the deadline, the rule on asking and the errors live in
// domain/market, with the store and the use cases (market.Questions).

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

// QuestionStore persists questions and answers (market).
type QuestionStore = market.QuestionStore

// NotifyQuestionAnswered is the notification kind of a published answer.
const NotifyQuestionAnswered = market.NotifyQuestionAnswered

// Questions builds the questions' use cases from the Marketplace's current
// fields.
func (m *Marketplace) Questions() *market.Questions {
	return &market.Questions{Store: m.Store, InTx: txOf(m.Store, func(s Store) market.QuestionTx { return marketTx{s, m.OpenData.Mailer != nil} }),
		Cutoff: m.Periods.QuestionCutoff}
}

// marketTx is a market use case's view of a transaction: the aggregate
// store, plus the agencies' notifications written through opendata.
type marketTx struct {
	Store
	mail bool
}

// NotifyAgencies writes the notice to each agency of to in the transaction.
func (t marketTx) NotifyAgencies(ctx context.Context, n market.AgencyNotice, to []int64) error {
	_, err := opendata.Notify(ctx, t.Store, t.mail, notificationOf(n), to)
	return err
}

// notificationOf is the notification a market use case's notice writes:
// the one mapping of market.AgencyNotice onto open data's Notification.
func notificationOf(n market.AgencyNotice) *Notification {
	pid := n.ProjectID
	return &Notification{Kind: n.Kind, Title: n.Title, Body: n.Body, ProjectID: &pid, DedupeKey: n.DedupeKey, CreatedAt: n.At}
}
