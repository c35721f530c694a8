package credit

import (
	"context"
	"time"

	"marketplace/domain/kernel"
)

// MonitorFilter narrows the credit monitor to a service item and/or region.
type MonitorFilter struct {
	ItemCode string `json:"item_code"`
	Region   string `json:"region"`
}

// GradeCounts counts agencies by grade and sanction.
type GradeCounts struct {
	Key         string `json:"key,omitempty"`
	Total       int    `json:"total"`
	A           int    `json:"A"`
	B           int    `json:"B"`
	C           int    `json:"C"`
	D           int    `json:"D"`
	Suspended   int    `json:"suspended"`
	Blacklisted int    `json:"blacklisted"`
}

// Drop is an agency's total deductions over a recent window.
type Drop struct {
	AgencyID int64  `json:"agency_id"`
	Name     string `json:"name"`
	Points   int    `json:"points"`
	Score    int    `json:"score"`
	Grade    string `json:"grade"`
}

// Sanction is a current suspension or blacklist entry (public).
type Sanction struct {
	AgencyID int64      `json:"agency_id"`
	Name     string     `json:"name"`
	USCC     string     `json:"uscc"`
	Status   string     `json:"status"`
	Since    *time.Time `json:"since"`
	Until    *time.Time `json:"until"`
	Reason   string     `json:"reason"`
	// ReasonText is Reason as a message id and params (nil: a person's words).
	ReasonText *kernel.Text `json:"reason_text,omitempty"`
}

// Monitor is the departments' view of agency credit (信用监管).
type Monitor struct {
	GeneratedAt time.Time     `json:"generated_at"`
	Filter      MonitorFilter `json:"filter"`
	Grades      GradeCounts   `json:"grades"`
	Drops30     []*Drop       `json:"largest_drops_30d"`
	Drops90     []*Drop       `json:"largest_drops_90d"`
	Suspensions []*Sanction   `json:"suspensions"`
	Blacklist   []*Sanction   `json:"blacklist"`
	ByItem      []GradeCounts `json:"by_item"`
	ByRegion    []GradeCounts `json:"by_region"`
}

// Row is one agency's line of the CSV export.
type Row struct {
	AgencyID       int64
	Name           string
	Region         string
	Score          int
	Grade          string
	Status         string
	SuspendedUntil *time.Time
	Drop30         int
	Drop90         int
}

// MonitorListLimit bounds the drop, suspension and blacklist lists of the monitor.
const MonitorListLimit = 20

// Monitor returns the monitor (departments and admins).
func (b *Bureau) Monitor(ctx context.Context, actor kernel.Actor, f MonitorFilter) (*Monitor, error) {
	if err := kernel.Authorize(actor, kernel.ActCreditMonitor); err != nil {
		return nil, err
	}
	now, err := b.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	return b.Store.CreditMonitor(ctx, f, now)
}

// ExportRows returns every matching agency's credit line (departments
// and admins; the monitor's CSV export).
func (b *Bureau) ExportRows(ctx context.Context, actor kernel.Actor, f MonitorFilter) ([]*Row, error) {
	if err := kernel.Authorize(actor, kernel.ActCreditMonitor); err != nil {
		return nil, err
	}
	now, err := b.Store.Now(ctx)
	if err != nil {
		return nil, err
	}
	return b.Store.FindCreditRows(ctx, f, now)
}

// ListSanctions lists current suspensions or the blacklist (public).
func (b *Bureau) ListSanctions(ctx context.Context, status string, p kernel.Page) (kernel.List[*Sanction], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*Sanction]{}, err
	}
	items, total, err := b.Store.FindSanctioned(ctx, status, p)
	if err != nil {
		return kernel.List[*Sanction]{}, err
	}
	return kernel.NewList(items, total, p), nil
}
