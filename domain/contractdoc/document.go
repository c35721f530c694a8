package contractdoc

import (
	"fmt"
	"marketplace/domain/calendar"
	"time"
)

// Party is one side of the contract as printed: the name and unified social
// credit code (统一社会信用代码) it registered with.
type Party struct {
	Name string
	USCC string
}

// Document is everything the contract PDF says, fixed at the moment the
// second party signs. The renderer lays it out; it decides nothing.
type Document struct {
	ProjectID int64
	OCID      string
	Title     string
	ItemCode  string
	ItemName  string
	// InvestmentCode is the investment project code (投资项目代码) when the
	// project has one; nil prints no line.
	InvestmentCode *string
	Owner          Party // 甲方 (委托方)
	Agency         Party // 乙方 (中介服务机构)
	PriceFen       int64
	PriceCapitals  string
	ServiceDays    int
	// PeriodStart and PeriodEnd are Shanghai calendar dates (YYYY-MM-DD):
	// the service runs from the day the contract took effect for
	// ServiceDays days, the same deadline the platform enforces.
	PeriodStart    string
	PeriodEnd      string
	Deliverables   string
	Terms          string
	OwnerSignedAt  time.Time
	AgencySignedAt time.Time
}

// Facts are the inputs of a contract document, gathered by the caller.
type Facts struct {
	ProjectID      int64
	OCID           string
	Title          string
	ItemCode       string
	ItemName       string
	InvestmentCode *string
	Owner, Agency  Party
	PriceFen       int64
	ServiceDays    int
	OwnerSignedAt  time.Time
	AgencySignedAt time.Time
	Template       Template
}

// dateLayout is how dates are printed and passed to templates.
const dateLayout = "2006-01-02"

// New builds the document from its facts: the amount in capitals, the
// service period from the later signature, and the terms from the template.
func New(f Facts) (*Document, error) {
	caps, err := Capitals(f.PriceFen)
	if err != nil {
		return nil, fmt.Errorf("contract price %d fen: %w", f.PriceFen, err)
	}
	if f.ServiceDays <= 0 {
		return nil, fmt.Errorf("contractdoc: service days %d", f.ServiceDays)
	}
	start, end := Period(f.OwnerSignedAt, f.AgencySignedAt, f.ServiceDays)
	d := &Document{
		ProjectID: f.ProjectID, OCID: f.OCID, Title: f.Title, ItemCode: f.ItemCode, ItemName: f.ItemName,
		InvestmentCode: f.InvestmentCode, Owner: f.Owner, Agency: f.Agency,
		PriceFen: f.PriceFen, PriceCapitals: caps, ServiceDays: f.ServiceDays,
		PeriodStart: start, PeriodEnd: end, OwnerSignedAt: f.OwnerSignedAt, AgencySignedAt: f.AgencySignedAt,
	}
	d.Deliverables = fill(f.Template.Deliverables, d)
	d.Terms = f.Template.Render(d)
	return d, nil
}

// Period is the service period as Shanghai dates: from the later of the
// two signatures (when the contract takes effect) for days days, the same
// deadline the platform enforces (service_due_at).
func Period(ownerSignedAt, agencySignedAt time.Time, days int) (start, end string) {
	effective := ownerSignedAt
	if agencySignedAt.After(effective) {
		effective = agencySignedAt
	}
	return effective.In(calendar.Beijing).Format(dateLayout),
		effective.Add(time.Duration(days) * 24 * time.Hour).In(calendar.Beijing).Format(dateLayout)
}

// PriceFigures is the price in figures as printed: ¥ and two decimals with
// thousands separators (¥1,234,567.80).
func (d *Document) PriceFigures() string { return FormatYuan(d.PriceFen) }

// FormatYuan writes fen as ¥ with thousands separators and two decimals.
func FormatYuan(fen int64) string {
	whole := fmt.Sprintf("%d", fen/100)
	out := make([]byte, 0, len(whole)+len(whole)/3)
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, whole[i])
	}
	return fmt.Sprintf("¥%s.%02d", out, fen%100)
}

// SignedAt formats a signing time as printed: Beijing time to the second.
func SignedAt(t time.Time) string {
	return t.In(calendar.Beijing).Format("2006-01-02 15:04:05") + " (UTC+8)"
}
