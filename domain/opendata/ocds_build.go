package opendata

import (
	"strconv"
	"time"

	"marketplace/domain/calendar"
	"marketplace/domain/kernel"
)

// OCDSOrg is an organization as the open-data loader reads it: only public
// fields (name, USCC, region), never a phone or an e-mail.
type OCDSOrg struct {
	AccountID int64
	Name      string
	USCC      string
	Region    string
}

// OCDSCandidate is a ranked candidate of a published result.
type OCDSCandidate struct {
	Rank     int
	Agency   OCDSOrg
	Price    kernel.Money
	Status   string // waiting | selected | disqualified | declined | lapsed
	Selected bool
}

// OCDSDelivery is a delivery of the service result.
type OCDSDelivery struct {
	ID          int64
	Status      string // submitted | accepted | returned
	DeliveredAt time.Time
	DecidedAt   *time.Time
}

// OCDSPayment is a department's payment.
type OCDSPayment struct {
	ID     int64
	Amount kernel.Money
	// PaidOn is the China-time day of payment, as the instant of its local
	// midnight.
	PaidOn time.Time
}

// OCDSEvent is a public audit row of the process: a release is dated by it.
type OCDSEvent struct {
	AuditID int64
	Action  string
	At      time.Time
}

// OCDSProject is what the releases publish of a project (domain fills it
// from the market's project).
type OCDSProject struct {
	ID                                     int64
	Title, Description, ItemCode, ItemName string
	Method                                 string
	CeilingPrice                           *kernel.Money
	// Weights are the composite method's price, credit and technical
	// weights in percent (nil for the other methods).
	Weights     *OCDSWeights
	ServiceDays int
	PublishedAt *time.Time
	ClosesAt    time.Time
	ClosedAt    *time.Time
	// Cancelled, Failed and Completed say where the project stands now.
	Cancelled, Failed, Completed bool
}

// OCDSWeights are the weights of a composite evaluation, in percent.
type OCDSWeights struct {
	Price, Credit, Technical int
}

// OCDSFacts are the public facts of a process beyond the project itself,
// the same whether the market's loader or a release reads them: parties,
// dates of the award and the contract, deliveries, payments, events.
type OCDSFacts struct {
	Buyer         OCDSOrg
	Tenderers     []OCDSOrg
	Candidates    []OCDSCandidate
	ResultAt      *time.Time
	AwardedAt     *time.Time
	ContractPrice *kernel.Money
	OwnerSigned   *time.Time
	AgencySigned  *time.Time
	// StartDate is the contract's China-time start day, as the instant of
	// its local midnight.
	StartDate    *time.Time
	ServiceDueAt *time.Time
	Overdue      bool
	Deliveries   []OCDSDelivery
	Payments     []OCDSPayment
	Events       []OCDSEvent
}

// OCDSProcess is everything public about one project, as ProcessLoader
// reads it. Tenderers and candidates are there only once bidding has
// closed.
type OCDSProcess struct {
	Project OCDSProject
	OCDSFacts
	// ContractDocument is the signed contract PDF (nil: none); Documents
	// are the notice's public documents and Amendments its 更正公告
	// (ocds_notice.go). BaseURI makes their links absolute (set by the
	// Publisher).
	ContractDocument *OCDSSignedContract
	Documents        []OCDSNoticeDocument
	Amendments       []OCDSNoticeAmendment
	BaseURI          string
}

// OCDS release stages: a release shows the sections reached at its event.
const (
	stageTender = iota
	stageClosed
	stageAward
	stageAwarded
	stageContract
	stageImplementation
)

// ocdsActions maps each public audit action to its release tag and stage.
var ocdsActions = map[string]struct {
	tag   string
	stage int
}{
	"project.published":         {"tender", stageTender},
	"project.cancelled":         {"tenderCancellation", stageTender},
	"project.amended":           {"tenderAmendment", stageTender},
	"project.closed":            {"tenderUpdate", stageClosed},
	"project.failed":            {"tenderUpdate", stageClosed},
	"project.result_published":  {"award", stageAward},
	"project.candidate_dropped": {"awardUpdate", stageAward},
	"project.publicity_resumed": {"awardUpdate", stageAward},
	"project.awarded":           {"awardUpdate", stageAwarded},
	"contract.declined":         {"awardUpdate", stageAwarded},
	"contract.signed":           {"contract", stageContract},
	"project.delivered":         {"implementation", stageImplementation},
	"project.delivery_accepted": {"implementation", stageImplementation},
	"project.delivery_returned": {"implementation", stageImplementation},
	"project.overdue":           {"implementation", stageImplementation},
	"project.payment_recorded":  {"implementation", stageImplementation},
	"project.evaluated":         {"contractTermination", stageImplementation},
}

// OCDSReleaseActions lists the audit actions that produce a release.
func OCDSReleaseActions() []string {
	out := make([]string, 0, len(ocdsActions))
	for a := range ocdsActions {
		out = append(out, a)
	}
	return out
}

// MethodDetails gives the Chinese name of each selection method, published
// as tender.procurementMethodDetails.
var MethodDetails = map[string]string{
	methodDirect:         "直接选取",
	methodLowestPrice:    "竞价选取",
	methodComposite:      "综合评分",
	methodRandomDraw:     "随机抽取",
	methodReverseAuction: "降价竞价",
}

// The selection methods as the market context names them (domain's
// Method… constants; a test in domain holds the two lists together). They
// are repeated here because the OCDS mapping of each method is open data's
// business, and this package may not import domain.
const (
	methodDirect         = "direct"
	methodLowestPrice    = "lowest_price"
	methodComposite      = "composite"
	methodRandomDraw     = "random_draw"
	methodReverseAuction = "reverse_auction"
)

// OCDSPartyID is the party id of an organization: its USCC under the
// CN-USCC scheme, or a platform-local id for a department without one.
func OCDSPartyID(o OCDSOrg) string {
	if o.USCC != "" {
		return "CN-USCC-" + o.USCC
	}
	return "zjcs-account-" + strconv.FormatInt(o.AccountID, 10)
}

// Releases builds one release per public event of the process, in order.
// A project never published has none (a draft is private).
func (pr *OCDSProcess) Releases(ocidPrefix string) []*OCDSRelease {
	if pr.Project.PublishedAt == nil {
		return nil
	}
	var out []*OCDSRelease
	for _, ev := range pr.Events {
		a, ok := ocdsActions[ev.Action]
		if !ok {
			continue
		}
		r := pr.build(ocidPrefix, a.stage, ev.At, ev.Action)
		r.ID = r.OCID + "-" + strconv.FormatInt(ev.AuditID, 10)
		r.Tag = []string{a.tag}
		out = append(out, r)
	}
	return out
}

// Compiled is the current state of the process as one release.
func (pr *OCDSProcess) Compiled(ocidPrefix string, releases []*OCDSRelease) *OCDSRelease {
	stage, at := stageTender, time.Time{}
	if pr.Project.PublishedAt != nil {
		at = *pr.Project.PublishedAt
	}
	for _, r := range releases {
		at = r.Date
	}
	for _, ev := range pr.Events {
		if a, ok := ocdsActions[ev.Action]; ok {
			stage = max(stage, a.stage)
		}
	}
	// "" marks the compiled release: every fact up to the far future.
	r := pr.build(ocidPrefix, stage, at.Add(time.Hour*24*365*100), "")
	r.Date = at
	r.ID = r.OCID + "-compiled"
	r.Tag = []string{"compiled"}
	return r
}

// build renders the process as it stood at event time `at` (stage says
// which sections the event reached; later facts are left out).
func (pr *OCDSProcess) build(prefix string, stage int, at time.Time, action string) *OCDSRelease {
	p := &pr.Project
	ocid := prefix + strconv.FormatInt(p.ID, 10)
	r := &OCDSRelease{OCID: ocid, Date: at, InitiationType: "tender", Language: "zh"}
	parties := newOCDSParties()
	buyer := parties.add(pr.Buyer, "buyer", "procuringEntity")
	r.Buyer = &buyer
	t := &OCDSTender{
		ID: ocid + "-tender", Title: p.Title, Description: p.Description, Status: "active",
		ProcuringEntity: &buyer,
		Items: []OCDSItem{{ID: "1", Description: p.ItemName, Quantity: 1,
			Classification: &OCDSClassification{Scheme: "CN-ZJFW", ID: p.ItemCode, Description: p.ItemName}}},
		ProcurementMethod: "open", ProcurementMethodDetails: MethodDetails[p.Method],
		MainProcurementCategory: "services", SubmissionMethod: []string{"electronicSubmission"},
		TenderPeriod:   &OCDSPeriod{StartDate: p.PublishedAt, EndDate: &p.ClosesAt},
		ContractPeriod: &OCDSPeriod{DurationInDays: ocdsInt(p.ServiceDays)},
	}
	if p.CeilingPrice != nil {
		t.Value = ocdsAmount(*p.CeilingPrice)
	}
	switch p.Method {
	case methodDirect:
		t.ProcurementMethod = "direct"
	case methodReverseAuction:
		t.SubmissionMethod = []string{"electronicAuction"}
		t.AwardCriteria = "priceOnly"
	case methodLowestPrice:
		t.AwardCriteria = "priceOnly"
	case methodComposite:
		t.AwardCriteria = "ratedCriteria"
		if w := p.Weights; w != nil {
			t.AwardCriteriaDetails = "价格" + strconv.Itoa(w.Price) + "% 信用" + strconv.Itoa(w.Credit) + "% 技术" + strconv.Itoa(w.Technical) + "%"
		}
	case methodRandomDraw:
		t.AwardCriteriaDetails = "在有效投标中以可验证的随机种子抽取"
	}
	t.Documents, t.Amendments = pr.tenderDocuments(at), pr.tenderAmendments(at)
	r.Tender = t
	compiled := action == ""
	switch {
	case action == "project.cancelled" || (compiled && p.Cancelled):
		t.Status = "cancelled"
	case stage >= stageClosed && p.Failed && (len(pr.Candidates) == 0 || action == "project.failed" || compiled):
		t.Status = "unsuccessful"
	case stage >= stageClosed:
		t.Status = "complete"
	}
	if stage >= stageClosed && p.ClosedAt != nil {
		t.NumberOfTenderers = ocdsInt(len(pr.Tenderers))
		for _, o := range pr.Tenderers {
			t.Tenderers = append(t.Tenderers, parties.add(o, "tenderer"))
		}
	}
	if stage >= stageAward {
		r.Awards = pr.awards(ocid, stage, parties)
	}
	if stage >= stageContract && pr.ContractPrice != nil && len(r.Awards) > 0 {
		r.Contracts = []OCDSContract{pr.contract(ocid, r.Awards, at, action, parties)}
	}
	r.Parties = parties.list
	return r
}

func (pr *OCDSProcess) awards(ocid string, stage int, parties *ocdsParties) []OCDSAward {
	var out []OCDSAward
	for _, c := range pr.Candidates {
		if c.Status == "waiting" {
			continue
		}
		ref := parties.add(c.Agency, "tenderer", "supplier")
		a := OCDSAward{ID: ocid + "-award-" + strconv.Itoa(c.Rank), Title: "第" + strconv.Itoa(c.Rank) + "中选候选人",
			Value: ocdsAmount(c.Price), Suppliers: []OCDSOrgRef{ref}, Date: pr.ResultAt}
		switch {
		case c.Status != "selected":
			a.Status = "cancelled"
		case stage >= stageAwarded:
			a.Status, a.Date = "active", firstTime(pr.AwardedAt, pr.ResultAt)
		default:
			a.Status = "pending"
		}
		out = append(out, a)
	}
	return out
}

func (pr *OCDSProcess) contract(ocid string, awards []OCDSAward, at time.Time, action string, parties *ocdsParties) OCDSContract {
	awardID := awards[len(awards)-1].ID
	var supplier *OCDSOrgRef
	for _, a := range awards {
		if a.Status == "active" {
			awardID, supplier = a.ID, &a.Suppliers[0]
		}
	}
	c := OCDSContract{ID: ocid + "-contract", AwardID: awardID, Status: "pending", Value: ocdsAmount(*pr.ContractPrice),
		Period: &OCDSPeriod{StartDate: ocdsDay(pr.StartDate), EndDate: pr.ServiceDueAt, DurationInDays: ocdsInt(pr.Project.ServiceDays)}}
	if pr.OwnerSigned != nil && pr.AgencySigned != nil && !pr.OwnerSigned.After(at) && !pr.AgencySigned.After(at) {
		c.Status = "active"
		c.DateSigned = pr.OwnerSigned
		if pr.AgencySigned.After(*pr.OwnerSigned) {
			c.DateSigned = pr.AgencySigned
		}
		c.Documents = pr.contractDocuments(*c.DateSigned)
	}
	if pr.Project.Completed && (action == "project.evaluated" || action == "") {
		c.Status = "terminated"
	}
	impl := &OCDSImplementation{}
	for _, d := range pr.Deliveries {
		if d.DeliveredAt.After(at) {
			continue
		}
		m := OCDSMilestone{ID: "delivery-" + strconv.FormatInt(d.ID, 10), Title: "交付服务成果", Type: "delivery", Status: "scheduled"}
		if d.DecidedAt != nil && !d.DecidedAt.After(at) {
			if d.Status == "accepted" {
				m.Status, m.DateMet = "met", d.DecidedAt
			} else if d.Status == "returned" {
				m.Status = "notMet"
			}
		}
		impl.Milestones = append(impl.Milestones, m)
	}
	if pr.ServiceDueAt != nil && c.Status != "pending" {
		m := OCDSMilestone{ID: "service-due", Title: "服务期限", Type: "delivery", Status: "scheduled", DueDate: pr.ServiceDueAt}
		if pr.Overdue && !pr.ServiceDueAt.After(at) {
			m.Status = "notMet"
		}
		impl.Milestones = append(impl.Milestones, m)
	}
	for _, pay := range pr.Payments {
		if pay.PaidOn.After(at) {
			continue
		}
		// The parties paying and paid carry the roles payer and payee, so
		// that every reference matches the roles of its party.
		payer := parties.add(pr.Buyer, "payer")
		var payee *OCDSOrgRef
		if supplier != nil {
			for _, cand := range pr.Candidates {
				if OCDSPartyID(cand.Agency) == supplier.ID {
					ref := parties.add(cand.Agency, "payee")
					payee = &ref
				}
			}
		}
		impl.Transactions = append(impl.Transactions, OCDSTransaction{ID: "payment-" + strconv.FormatInt(pay.ID, 10),
			Date: ocdsDay(&pay.PaidOn), Value: ocdsAmount(pay.Amount), Payer: &payer, Payee: payee})
	}
	if len(impl.Milestones)+len(impl.Transactions) > 0 {
		c.Implementation = impl
	}
	return c
}

// ocdsDay publishes a China-time date as RFC 3339 local midnight with its
// offset (2026-12-09T00:00:00+08:00): the same instant as the stored day,
// readable as the day it is.
func ocdsDay(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := t.In(calendar.Beijing)
	return &d
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			return t
		}
	}
	return nil
}

// ocdsParties collects parties, merging roles of the same organization.
type ocdsParties struct {
	list  []OCDSParty
	index map[string]int
}

func newOCDSParties() *ocdsParties { return &ocdsParties{index: map[string]int{}} }

func (ps *ocdsParties) add(o OCDSOrg, roles ...string) OCDSOrgRef {
	id := OCDSPartyID(o)
	i, ok := ps.index[id]
	if !ok {
		p := OCDSParty{ID: id, Name: o.Name, Roles: []string{}}
		if o.USCC != "" {
			p.Identifier = &OCDSIdentifier{Scheme: "CN-USCC", ID: o.USCC, LegalName: o.Name}
		}
		if o.Region != "" {
			p.Address = &OCDSAddress{Region: o.Region}
		}
		ps.list = append(ps.list, p)
		i = len(ps.list) - 1
		ps.index[id] = i
	}
	for _, r := range roles {
		has := false
		for _, x := range ps.list[i].Roles {
			has = has || x == r
		}
		if !has {
			ps.list[i].Roles = append(ps.list[i].Roles, r)
		}
	}
	return OCDSOrgRef{ID: id, Name: o.Name}
}
