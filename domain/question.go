package domain

import (
	"context"

	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// Bidders' questions and the owner's answers (澄清): the question, its
// views, the deadline, the rule on asking and the errors live in
// domain/market, with the store and the use cases (market.Questions).

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
func notificationOf(n market.AgencyNotice) *opendata.Notification {
	pid := n.ProjectID
	return &opendata.Notification{Kind: n.Kind, Title: n.Title, Body: n.Body, ProjectID: &pid, DedupeKey: n.DedupeKey, CreatedAt: n.At}
}
