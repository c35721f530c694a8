package domain

import (
	"context"
	"io"
)

// Deliver is the awarded agency marking delivery, with an optional note and
// document (market.PostAward.Deliver).
func (m *Marketplace) Deliver(ctx context.Context, actor Actor, projectID int64, note, fileName string, doc io.Reader) (*Delivery, error) {
	return m.postAward().Deliver(ctx, actor, projectID, note, fileName, doc)
}

// DecideDelivery is the owner accepting the delivery or returning it with a
// reason (market.PostAward.DecideDelivery).
func (m *Marketplace) DecideDelivery(ctx context.Context, actor Actor, projectID int64, accept bool, reason string) (*Delivery, error) {
	return m.postAward().DecideDelivery(ctx, actor, projectID, accept, reason)
}

// FindDeliveries lists a project's deliveries for its parties and
// supervisors (market.PostAward.FindDeliveries).
func (m *Marketplace) FindDeliveries(ctx context.Context, actor Actor, projectID int64) ([]*Delivery, error) {
	return m.postAward().FindDeliveries(ctx, actor, projectID)
}
