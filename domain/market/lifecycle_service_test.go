package market_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"marketplace/domain/files"
	"marketplace/domain/kernel"
	"marketplace/domain/market"
)

// lifecycleTx is one project after bidding closes, in memory: its stage
// state, its evaluation, the credit events recorded, the audit actions
// written, its contract, payments, candidates and bids, and the steps
// still in domain that the use cases called.
type lifecycleTx struct {
	// closeTx would answer the close a late request runs first; the
	// projects here are past bidding, so none of its methods is called
	// and it stays nil.
	*closeTx
	project    market.Project
	stage      market.Lifecycle
	evaluation *market.Evaluation
	contract   *market.Contract
	payments   []*market.Payment
	deliveries []*market.Delivery
	objections []*market.Objection
	lowPrices  []*market.LowPriceBid
	bidStatus  map[int64]string
	inbox      []int64
	files      []string
	candidates []*market.ProjectCandidate
	bids       []*market.Bid
	scores     map[int64]int                // agencies' credit scores
	facts      map[int64]market.AgencyFacts // agencies' eligibility facts
	results    []*market.Result             // every result written
	credit     []market.CreditEvent
	audits     []string
	steps      []string
	now        time.Time
}

func (s *lifecycleTx) FindProjectByID(_ context.Context, id int64, _ market.LockMode) (*market.Project, error) {
	if id != s.project.ID {
		return nil, market.ErrProjectNotFound
	}
	p := s.project
	return &p, nil
}
func (s *lifecycleTx) FindLifecycle(context.Context, int64) (*market.Lifecycle, error) {
	l := s.stage
	return &l, nil
}
func (s *lifecycleTx) SaveLifecycle(_ context.Context, l *market.Lifecycle) error {
	s.stage = *l
	return nil
}
func (s *lifecycleTx) CreateEvaluation(_ context.Context, e *market.Evaluation, _ int64) error {
	if s.evaluation != nil {
		return kernel.Errorf(kernel.ECONFLICT, "duplicate", "the schema allows one evaluation a project")
	}
	e.ID, s.evaluation = 1, e
	return nil
}
func (s *lifecycleTx) FindEvaluation(context.Context, int64, bool) (*market.Evaluation, error) {
	if s.evaluation == nil {
		return nil, kernel.Errorf(kernel.ENOTFOUND, "evaluation_not_found", "Evaluation not found.")
	}
	e := *s.evaluation
	return &e, nil
}
func (s *lifecycleTx) SaveEvaluationReply(_ context.Context, e *market.Evaluation) error {
	s.evaluation.Reply, s.evaluation.RepliedAt = e.Reply, e.RepliedAt
	return nil
}
func (s *lifecycleTx) FindAgencyEvaluations(context.Context, int64, kernel.Page) ([]*market.Evaluation, int, error) {
	return nil, 0, nil
}
func (s *lifecycleTx) SetProjectStatus(_ context.Context, _ int64, from, to string) error {
	if s.project.Status != from {
		return kernel.Errorf(kernel.ECONFLICT, "status_changed", "status changed")
	}
	s.project.Status = to
	return nil
}
func (s *lifecycleTx) Now(context.Context) (time.Time, error) { return s.now, nil }
func (s *lifecycleTx) AppendAudit(_ context.Context, e kernel.AuditEntry) error {
	s.audits = append(s.audits, e.Action)
	return nil
}
func (s *lifecycleTx) RecordCreditEvent(_ context.Context, ev market.CreditEvent) (int, error) {
	s.credit = append(s.credit, ev)
	return -1, nil
}
func (s *lifecycleTx) CreateObjection(_ context.Context, o *market.Objection) error {
	o.ID = int64(len(s.objections) + 1)
	s.objections = append(s.objections, o)
	return nil
}
func (s *lifecycleTx) FindObjection(_ context.Context, id int64, _ bool) (*market.Objection, error) {
	if id < 1 || int(id) > len(s.objections) {
		return nil, market.ErrObjectionNotFound
	}
	o := *s.objections[id-1]
	return &o, nil
}
func (s *lifecycleTx) FindObjections(context.Context, int64) ([]*market.Objection, error) {
	return s.objections, nil
}
func (s *lifecycleTx) FindEscalatedObjections(context.Context, kernel.Page) ([]*market.Objection, int, error) {
	var out []*market.Objection
	for _, o := range s.objections {
		if o.Status == market.ObjectionEscalated {
			out = append(out, o)
		}
	}
	return out, len(out), nil
}
func (s *lifecycleTx) UpdateObjection(_ context.Context, o *market.Objection) error {
	s.objections[o.ID-1] = o
	return nil
}
func (s *lifecycleTx) FindDueObjections(_ context.Context, _ int64, now time.Time) ([]*market.Objection, error) {
	var out []*market.Objection
	for _, o := range s.objections {
		if o.Overdue(now) {
			c := *o
			out = append(out, &c)
		}
	}
	return out, nil
}
func (s *lifecycleTx) CountUnresolvedObjections(_ context.Context, _, candidateID int64) (int, error) {
	n := 0
	for _, o := range s.objections {
		if o.CandidateID == candidateID && (o.Status == market.ObjectionOpen || o.Status == market.ObjectionAnswered || o.Status == market.ObjectionEscalated) {
			n++
		}
	}
	return n, nil
}
func (s *lifecycleTx) CreateCandidates(_ context.Context, cs []*market.ProjectCandidate) error {
	s.candidates = append(s.candidates, cs...)
	return nil
}
func (s *lifecycleTx) FindCandidates(context.Context, int64) ([]*market.ProjectCandidate, error) {
	return s.candidates, nil
}
func (s *lifecycleTx) SetCandidateStatus(_ context.Context, _ int64, rank int, status, reason string) error {
	s.candidates[rank-1].Status, s.candidates[rank-1].Reason = status, reason
	return nil
}
func (s *lifecycleTx) FindBid(_ context.Context, _, agencyID int64) (*market.Bid, error) {
	for _, b := range s.bids {
		if b.AgencyID == agencyID {
			return b, nil
		}
	}
	return nil, kernel.Errorf(kernel.ENOTFOUND, "bid_not_found", "Bid not found.")
}
func (s *lifecycleTx) FindBids(context.Context, int64) ([]*market.Bid, error) { return s.bids, nil }
func (s *lifecycleTx) AgencyCreditScores(_ context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for _, id := range ids {
		out[id] = s.scores[id]
	}
	return out, nil
}
func (s *lifecycleTx) FindAgencyFacts(_ context.Context, agencyID int64, _ *market.Project, _ time.Time) (*market.AgencyFacts, error) {
	f := s.facts[agencyID]
	return &f, nil
}
func (s *lifecycleTx) SaveResult(_ context.Context, _ int64, r *market.Result) error {
	s.results = append(s.results, r)
	s.steps = append(s.steps, "result")
	return nil
}
func (s *lifecycleTx) RenderContract(context.Context, *market.Project, *market.Contract) (market.StagedDocument, error) {
	s.steps = append(s.steps, "render")
	return nil, nil
}
func (s *lifecycleTx) SigningKeyID(string) string { return "key" }
func (s *lifecycleTx) SaveContract(_ context.Context, k *market.Contract) error {
	s.contract = k
	return nil
}
func (s *lifecycleTx) FindContract(context.Context, int64) (*market.Contract, error) {
	if s.contract == nil {
		return nil, kernel.Errorf(kernel.ENOTFOUND, "contract_not_found", "Contract not found.")
	}
	k := *s.contract
	return &k, nil
}
func (s *lifecycleTx) CreatePayment(_ context.Context, p *market.Payment) error {
	p.ID = int64(len(s.payments) + 1)
	s.payments = append(s.payments, p)
	return nil
}
func (s *lifecycleTx) FindPayments(context.Context, int64) ([]*market.Payment, error) {
	return s.payments, nil
}

func (s *lifecycleTx) CreateDelivery(_ context.Context, d *market.Delivery) error {
	d.ID = int64(len(s.deliveries) + 1)
	s.deliveries = append(s.deliveries, d)
	return nil
}
func (s *lifecycleTx) UpdateDelivery(_ context.Context, d *market.Delivery) error {
	s.deliveries[d.ID-1] = d
	return nil
}
func (s *lifecycleTx) FindDeliveries(context.Context, int64) ([]*market.Delivery, error) {
	return s.deliveries, nil
}
func (s *lifecycleTx) CreateFile(_ context.Context, d files.Document) error {
	s.files = append(s.files, d.SHA256)
	return nil
}

func (s *lifecycleTx) FindLowPriceBids(context.Context, int64, bool) ([]*market.LowPriceBid, error) {
	out := make([]*market.LowPriceBid, len(s.lowPrices))
	for i, l := range s.lowPrices {
		c := *l
		out[i] = &c
	}
	return out, nil
}
func (s *lifecycleTx) UpdateLowPriceBid(_ context.Context, l *market.LowPriceBid, from string) error {
	for i, x := range s.lowPrices {
		if x.ID == l.ID {
			if x.Status != from {
				return market.ErrStatusChanged
			}
			c := *l
			s.lowPrices[i] = &c
		}
	}
	return nil
}
func (s *lifecycleTx) SetBidStatus(_ context.Context, bidID int64, status, _ string, _ time.Time) error {
	if s.bidStatus == nil {
		s.bidStatus = map[int64]string{}
	}
	s.bidStatus[bidID] = status
	return nil
}
func (s *lifecycleTx) WriteInbox(_ context.Context, _ market.AgencyNotice, to []int64) error {
	s.inbox = append(s.inbox, to...)
	return nil
}

// postAward is the use cases over tx, every transaction straight on it;
// its periods are durations: publicity ten days, signing five.
func postAward(tx *lifecycleTx) *market.PostAward {
	return &market.PostAward{Store: tx, InTx: func(ctx context.Context, fn func(market.LifecycleTx) error) error { return fn(tx) },
		Deadline: func(p market.Period, from time.Time) time.Time { return from.Add(p.Duration()) }, Publicity: market.PeriodOf(10 * 24 * time.Hour),
		Signing: market.PeriodOf(5 * 24 * time.Hour), Evaluation: market.PeriodOf(3 * 24 * time.Hour),
		ObjectionAnswer: market.PeriodOf(2 * 24 * time.Hour), Complaint: market.PeriodOf(24 * time.Hour)}
}

// acceptedProject is project 7 of owner 1, accepted, awarded to agency 21,
// its evaluation window open until due.
func acceptedProject(now, due time.Time) *lifecycleTx {
	agency := int64(21)
	return &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectAccepted},
		stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency, AcceptedAt: &now, EvaluationDueAt: &due}, now: now}
}

// TestPostAward_Evaluate: only the owner rates, within the window, once;
// the rating is one credit event for the awarded agency and completes the
// project; a refusal writes nothing.
func TestPostAward_Evaluate(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	tx := acceptedProject(now, now.Add(72*time.Hour))
	pa := postAward(tx)
	owner := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}
	rating := market.EvaluationInput{Quality: 4, Timeliness: 3, Attitude: 5, Fee: 4, Comment: "  按期交付 "}

	for _, tc := range []struct {
		name  string
		actor kernel.Actor
		in    market.EvaluationInput
		code  string
	}{
		{"anonymous", kernel.Actor{}, rating, kernel.EUNAUTHORIZED},
		{"the agency", kernel.Actor{ID: 21, Role: kernel.RoleAgency}, rating, kernel.EFORBIDDEN},
		{"another enterprise", kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, rating, kernel.EFORBIDDEN},
		{"a rating of 6", owner, market.EvaluationInput{Quality: 6, Timeliness: 3, Attitude: 5, Fee: 4}, kernel.EINVALID},
	} {
		if _, err := pa.Evaluate(ctx, tc.actor, 7, tc.in); kernel.ErrorCode(err) != tc.code {
			t.Errorf("%s evaluated: %v, want %s", tc.name, err, tc.code)
		}
	}
	if tx.evaluation != nil || len(tx.credit) != 0 || len(tx.audits) != 0 || tx.project.Status != market.ProjectAccepted {
		t.Fatalf("refusals wrote: %+v, credit %+v, audits %v, status %s", tx.evaluation, tx.credit, tx.audits, tx.project.Status)
	}

	e, err := pa.Evaluate(ctx, owner, 7, rating)
	if err != nil || e.AgencyID != 21 || e.Comment != "按期交付" || e.IsDefault || !e.CreatedAt.Equal(now) {
		t.Fatalf("evaluate: %+v, %v", e, err)
	}
	if tx.project.Status != market.ProjectCompleted || tx.stage.EvaluationDueAt != nil {
		t.Errorf("after the rating: status %s, evaluation due %v", tx.project.Status, tx.stage.EvaluationDueAt)
	}
	if len(tx.credit) != 1 || tx.credit[0].Kind != market.CreditEvaluation || tx.credit[0].AgencyID != 21 ||
		tx.credit[0].Rating != e || tx.credit[0].Actor != owner || tx.credit[0].ProjectID != 7 {
		t.Errorf("credit events: %+v", tx.credit)
	}
	if _, err := pa.Evaluate(ctx, owner, 7, rating); err != market.ErrNotAccepted {
		t.Errorf("evaluated twice: %v", err)
	}
	if len(tx.credit) != 1 || len(tx.audits) != 1 || tx.audits[0] != "project.evaluated" {
		t.Errorf("after a second rating: credit %+v, audits %v", tx.credit, tx.audits)
	}
}

// TestPostAward_DefaultRatingAtTheDeadline: once the window has ended, the
// first request records the default rating (all 5, by the system), once,
// and the owner's late rating is refused.
func TestPostAward_DefaultRatingAtTheDeadline(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2026, 12, 10, 16, 0, 0, 0, time.UTC)
	tx := acceptedProject(due.Add(-time.Second), due)
	pa := postAward(tx)
	owner := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}

	pa.Settle(ctx, 7)
	if tx.evaluation != nil || len(tx.credit) != 0 {
		t.Fatalf("a second before the deadline: %+v, %+v", tx.evaluation, tx.credit)
	}
	tx.now = due
	if _, err := pa.Evaluate(ctx, owner, 7, market.EvaluationInput{Quality: 1, Timeliness: 1, Attitude: 1, Fee: 1}); err != market.ErrNotAccepted {
		t.Errorf("rated at the deadline: %v", err)
	}
	e := tx.evaluation
	if e == nil || !e.IsDefault || e.Quality != market.DefaultRating || e.Fee != market.DefaultRating || e.AgencyID != 21 {
		t.Fatalf("default rating: %+v", e)
	}
	if len(tx.credit) != 1 || tx.credit[0].Actor != kernel.SystemActor || tx.credit[0].Rating != e || tx.project.Status != market.ProjectCompleted {
		t.Errorf("default rating's credit events %+v, status %s", tx.credit, tx.project.Status)
	}
	pa.Settle(ctx, 7)
	if len(tx.credit) != 1 || len(tx.audits) != 1 {
		t.Errorf("settled twice: credit %+v, audits %v", tx.credit, tx.audits)
	}

	// The evaluated agency replies once; nobody else does.
	if _, err := pa.ReplyToEvaluation(ctx, kernel.Actor{ID: 22, Role: kernel.RoleAgency}, 7, "谢谢"); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency replied: %v", err)
	}
	agency := kernel.Actor{ID: 21, Role: kernel.RoleAgency}
	if r, err := pa.ReplyToEvaluation(ctx, agency, 7, " 谢谢 "); err != nil || r.Reply == nil || *r.Reply != "谢谢" {
		t.Fatalf("reply: %+v, %v", r, err)
	}
	if _, err := pa.ReplyToEvaluation(ctx, agency, 7, "再次感谢"); kernel.ErrorCode(err) != kernel.ECONFLICT || *tx.evaluation.Reply != "谢谢" {
		t.Errorf("replied twice: %v, reply %q", err, *tx.evaluation.Reply)
	}
}

// TestAdvanceDue_Award: when the publicity ends, not before, the selected
// candidate is awarded once, and its contract is drawn up at its price
// and its bid's service days, to sign within the signing period.
func TestAdvanceDue_Award(t *testing.T) {
	ctx := context.Background()
	ends := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	agency := int64(22)
	tx := &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectPublicity, ServiceDays: 60},
		stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency, PublicityEndsAt: &ends},
		candidates: []*market.ProjectCandidate{
			{ProjectID: 7, Rank: 1, AgencyID: 21, Price: 40_000, Status: market.CandidateDisqualified},
			{ProjectID: 7, Rank: 2, AgencyID: 22, Price: 45_000, Status: market.CandidateSelected},
		},
		bids: []*market.Bid{{ProjectID: 7, AgencyID: 22, ServiceDays: 45}}, now: ends.Add(-time.Nanosecond)}
	pa := postAward(tx)
	pa.Settle(ctx, 7)
	if tx.project.Status != market.ProjectPublicity || tx.contract != nil {
		t.Fatalf("before the end: status %s, contract %+v", tx.project.Status, tx.contract)
	}
	tx.now = ends
	pa.Settle(ctx, 7)
	pa.Settle(ctx, 7)
	k := tx.contract
	if tx.project.Status != market.ProjectAwarded || k == nil || k.AgencyID != 22 || k.Price != 45_000 || k.ServiceDays != 45 ||
		k.StartDate != "2026-12-08" || k.OwnerID != 1 {
		t.Fatalf("awarded: status %s, contract %+v", tx.project.Status, k)
	}
	if due := ends.Add(5 * 24 * time.Hour); tx.stage.SigningDueAt == nil || !tx.stage.SigningDueAt.Equal(due) || tx.stage.PublicityEndsAt != nil {
		t.Errorf("signing due %v, want %v; publicity ends %v", tx.stage.SigningDueAt, due, tx.stage.PublicityEndsAt)
	}
	if len(tx.audits) != 1 || tx.audits[0] != "project.awarded" || len(tx.credit) != 0 {
		t.Errorf("audits %v, credit %+v", tx.audits, tx.credit)
	}
}

// TestAdvanceDue_FlagsOverdueOnce: the service deadline flags the project
// overdue at the deadline, not before, with one late_delivery event for
// the contracted agency, and never a second time.
func TestAdvanceDue_FlagsOverdueOnce(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2026, 12, 31, 16, 0, 0, 0, time.UTC)
	agency := int64(21)
	tx := &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectContracted},
		stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency, ServiceDueAt: &due}, now: due.Add(-time.Second)}
	pa := postAward(tx)
	pa.Settle(ctx, 7)
	if tx.stage.Overdue || len(tx.credit) != 0 {
		t.Fatalf("before the deadline: overdue %v, credit %+v", tx.stage.Overdue, tx.credit)
	}
	tx.now = due
	pa.Settle(ctx, 7)
	pa.Settle(ctx, 7)
	if !tx.stage.Overdue || len(tx.credit) != 1 || tx.credit[0].Kind != market.CreditLateDelivery || tx.credit[0].AgencyID != 21 ||
		tx.credit[0].Source != market.CreditSourceScheduler || len(tx.audits) != 1 || tx.audits[0] != "project.overdue" {
		t.Errorf("at the deadline: overdue %v, credit %+v, audits %v", tx.stage.Overdue, tx.credit, tx.audits)
	}
	if tx.project.Status != market.ProjectContracted || len(tx.steps) != 0 {
		t.Errorf("overdue changed the status to %s, or called %v", tx.project.Status, tx.steps)
	}
}

// TestPostAward_RecordPayment: only the owning department pays, for a
// budget-funded project once contracted, from its budget line and up to
// the contract price; a refusal writes nothing.
func TestPostAward_RecordPayment(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	agency := int64(21)
	tx := &lifecycleTx{project: market.Project{ID: 7, OwnerID: 3, Status: market.ProjectContracted, Funding: market.FundingBudget, BudgetCode: "2026-A-01"},
		stage:    market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency},
		contract: &market.Contract{ProjectID: 7, OwnerID: 3, AgencyID: 21, Price: 100_000}, now: now}
	pa := postAward(tx)
	dept := kernel.Actor{ID: 3, Role: kernel.RoleDepartment}

	for _, tc := range []struct {
		name  string
		actor kernel.Actor
		in    market.PaymentInput
		code  string
	}{
		{"another department", kernel.Actor{ID: 4, Role: kernel.RoleDepartment}, market.PaymentInput{Amount: 100, PaidOn: "2026-12-01"}, kernel.EFORBIDDEN},
		{"the agency", kernel.Actor{ID: 21, Role: kernel.RoleAgency}, market.PaymentInput{Amount: 100, PaidOn: "2026-12-01"}, kernel.EFORBIDDEN},
		{"nothing", dept, market.PaymentInput{Amount: 0, PaidOn: "2026-12-01"}, kernel.EINVALID},
		{"another budget line", dept, market.PaymentInput{Amount: 100, PaidOn: "2026-12-01", BudgetCode: "2026-B-02"}, kernel.EINVALID},
		{"above the contract", dept, market.PaymentInput{Amount: 100_001, PaidOn: "2026-12-01"}, kernel.EINVALID},
		{"a bad date", dept, market.PaymentInput{Amount: 100, PaidOn: "2026-13-01"}, kernel.EINVALID},
	} {
		if _, err := pa.RecordPayment(ctx, tc.actor, 7, tc.in); kernel.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
	}
	if len(tx.payments) != 0 || len(tx.audits) != 0 {
		t.Fatalf("refusals wrote: payments %+v, audits %v", tx.payments, tx.audits)
	}
	pay, err := pa.RecordPayment(ctx, dept, 7, market.PaymentInput{Amount: 60_000, PaidOn: "2026-12-01"})
	if err != nil || pay.BudgetCode != "2026-A-01" || pay.PaidOn != "2026-12-01" || pay.DepartmentID != 3 || !pay.CreatedAt.Equal(now) {
		t.Fatalf("payment: %+v, %v", pay, err)
	}
	// The second payment counts the first: 60,000 + 40,001 is above the price.
	if _, err := pa.RecordPayment(ctx, dept, 7, market.PaymentInput{Amount: 40_001, PaidOn: "2026-12-02"}); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("paid above the contract in two payments: %v", err)
	}
	if _, err := pa.RecordPayment(ctx, dept, 7, market.PaymentInput{Amount: 40_000, PaidOn: "2026-12-02"}); err != nil {
		t.Errorf("paid the rest: %v", err)
	}
	if ps, err := pa.Payments(ctx, 7); err != nil || len(ps) != 2 || len(tx.audits) != 2 {
		t.Errorf("payments %+v, %v, audits %v", ps, err, tx.audits)
	}
	if _, err := pa.Payments(ctx, 8); err != market.ErrProjectNotFound {
		t.Errorf("payments of a missing project: %v", err)
	}
}

// awardedProject is project 7 of owner 1, awarded to agency 21 at price
// 50,000 for 30 days, its signing period open until due; agency 23 waits
// second.
func awardedProject(now, due time.Time) *lifecycleTx {
	agency := int64(21)
	// the published result as the award wrote it: 21 selected, 23 waiting
	result := []byte(`{"method":"lowest_price","agency_id":21,"price":"500.00","ranking":[` +
		`{"rank":1,"agency_id":21,"price":"500.00","status":"selected"},{"rank":2,"agency_id":23,"price":"520.00","status":"waiting"}]}`)
	return &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectAwarded, Result: result},
		stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency, SigningDueAt: &due},
		candidates: []*market.ProjectCandidate{
			{ProjectID: 7, Rank: 1, AgencyID: 21, Price: 50_000, Status: market.CandidateSelected},
			{ProjectID: 7, Rank: 2, AgencyID: 23, Price: 52_000, Status: market.CandidateWaiting},
		},
		contract: &market.Contract{ProjectID: 7, OwnerID: 1, AgencyID: 21, Price: 50_000, ServiceDays: 30, StartDate: "2026-12-07"}, now: now}
}

// TestPostAward_SignContract: each party signs once, nobody else signs;
// the second signature renders the PDF once, contracts the project and
// starts the service period.
func TestPostAward_SignContract(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	tx := awardedProject(now, now.Add(10*24*time.Hour))
	pa := postAward(tx)
	owner, agency := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 21, Role: kernel.RoleAgency}

	if _, err := pa.SignContract(ctx, kernel.Actor{ID: 22, Role: kernel.RoleAgency}, 7); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency signed: %v", err)
	}
	if k, err := pa.SignContract(ctx, agency, 7); err != nil || k.AgencySignedAt == nil || k.OwnerSignedAt != nil {
		t.Fatalf("the agency signed: %+v, %v", k, err)
	}
	if _, err := pa.SignContract(ctx, agency, 7); err != market.ErrAlreadySigned {
		t.Errorf("the agency signed twice: %v", err)
	}
	if tx.project.Status != market.ProjectAwarded || len(tx.steps) != 0 || len(tx.audits) != 1 {
		t.Fatalf("after one signature: status %s, steps %v, audits %v", tx.project.Status, tx.steps, tx.audits)
	}
	k, err := pa.SignContract(ctx, owner, 7)
	if err != nil || k.Hash == "" || k.OwnerSignedAt == nil {
		t.Fatalf("the owner signed: %+v, %v", k, err)
	}
	if due := now.Add(30 * 24 * time.Hour); tx.project.Status != market.ProjectContracted || tx.stage.SigningDueAt != nil ||
		tx.stage.ServiceDueAt == nil || !tx.stage.ServiceDueAt.Equal(due) {
		t.Errorf("contracted: status %s, signing due %v, service due %v, want %v", tx.project.Status, tx.stage.SigningDueAt, tx.stage.ServiceDueAt, due)
	}
	if len(tx.steps) != 1 || tx.steps[0] != "render" || len(tx.audits) != 2 || len(tx.credit) != 0 {
		t.Errorf("steps %v, audits %v, credit %+v", tx.steps, tx.audits, tx.credit)
	}
}

// TestPostAward_DeclineContract: only the awarded agency declines, before
// it signed; declining is one signing_refused event, and the next
// candidate enters a full publicity.
func TestPostAward_DeclineContract(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	tx := awardedProject(now, now.Add(10*24*time.Hour))
	pa := postAward(tx)
	agency := kernel.Actor{ID: 21, Role: kernel.RoleAgency}

	if _, err := pa.DeclineContract(ctx, kernel.Actor{ID: 22, Role: kernel.RoleAgency}, 7, "人手不足"); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency declined: %v", err)
	}
	if _, err := pa.DeclineContract(ctx, agency, 7, " "); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("declined without a reason: %v", err)
	}
	signed := now
	tx.contract.AgencySignedAt = &signed
	if _, err := pa.DeclineContract(ctx, agency, 7, "人手不足"); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("declined after signing: %v", err)
	}
	if len(tx.credit) != 0 || len(tx.audits) != 0 || len(tx.steps) != 0 {
		t.Fatalf("refusals wrote: credit %+v, audits %v, steps %v", tx.credit, tx.audits, tx.steps)
	}
	tx.contract.AgencySignedAt = nil
	if p, err := pa.DeclineContract(ctx, agency, 7, "人手不足"); err != nil || p.ID != 7 {
		t.Fatalf("declined: %+v, %v", p, err)
	}
	if len(tx.credit) != 1 || tx.credit[0].Kind != market.CreditSigningRefused || tx.credit[0].Source != market.CreditSourceSystem ||
		tx.credit[0].Actor != agency || tx.credit[0].Reason != "The agency refused to sign the contract: 人手不足" {
		t.Errorf("credit events: %+v", tx.credit)
	}
	if len(tx.steps) != 1 || tx.steps[0] != "result" || len(tx.audits) != 2 || tx.audits[0] != "contract.declined" ||
		tx.audits[1] != "project.candidate_dropped" {
		t.Errorf("steps %v, audits %v", tx.steps, tx.audits)
	}
	if r := tx.results[0]; r.AgencyID != 23 || r.Price != 52_000 || r.Ranking[0].Status != market.CandidateDeclined || r.Ranking[1].Status != market.CandidateSelected {
		t.Errorf("the published result after the decline: %+v", r)
	}
	ends := now.Add(10 * 24 * time.Hour)
	if c := tx.candidates; c[0].Status != market.CandidateDeclined || c[0].Reason != "人手不足" || c[1].Status != market.CandidateSelected {
		t.Errorf("candidates %+v, %+v", c[0], c[1])
	}
	if tx.project.Status != market.ProjectPublicity || *tx.stage.AwardedAgencyID != 23 || tx.stage.SigningDueAt != nil ||
		tx.stage.PublicityEndsAt == nil || !tx.stage.PublicityEndsAt.Equal(ends) {
		t.Errorf("next candidate: status %s, stage %+v, want publicity to %v", tx.project.Status, tx.stage, ends)
	}
}

// TestAdvanceDue_SigningMissed: at the signing deadline an agency that
// had not signed lapses with a signing_refused event, and the next
// candidate is selected, or the project fails when none waits; an agency
// that had signed is not at fault, and the project fails with no event.
func TestAdvanceDue_SigningMissed(t *testing.T) {
	ctx := context.Background()
	due := time.Date(2026, 12, 17, 16, 0, 0, 0, time.UTC)

	tx := awardedProject(due.Add(-time.Second), due)
	pa := postAward(tx)
	pa.Settle(ctx, 7)
	if len(tx.steps) != 0 || len(tx.credit) != 0 {
		t.Fatalf("before the deadline: steps %v, credit %+v", tx.steps, tx.credit)
	}
	tx.now = due
	pa.Settle(ctx, 7)
	if len(tx.steps) != 1 || tx.steps[0] != "result" || len(tx.credit) != 1 ||
		tx.credit[0].Kind != market.CreditSigningRefused || tx.credit[0].Source != market.CreditSourceScheduler {
		t.Errorf("the agency had not signed: steps %v, credit %+v", tx.steps, tx.credit)
	}
	if tx.candidates[0].Status != market.CandidateLapsed || tx.project.Status != market.ProjectPublicity || *tx.stage.AwardedAgencyID != 23 {
		t.Errorf("the agency had not signed: candidate %+v, status %s, awarded %d", tx.candidates[0], tx.project.Status, *tx.stage.AwardedAgencyID)
	}

	tx = awardedProject(due, due)
	tx.candidates = tx.candidates[:1]
	postAward(tx).Settle(ctx, 7)
	if tx.project.Status != market.ProjectFailed || tx.stage.AwardedAgencyID != nil || tx.stage.SigningDueAt != nil ||
		tx.candidates[0].Status != market.CandidateLapsed || len(tx.credit) != 1 {
		t.Errorf("none waits: status %s, stage %+v, candidate %+v, credit %+v", tx.project.Status, tx.stage, tx.candidates[0], tx.credit)
	}

	tx = awardedProject(due, due)
	signed := due.Add(-time.Hour)
	tx.contract.AgencySignedAt = &signed
	postAward(tx).Settle(ctx, 7)
	if tx.project.Status != market.ProjectFailed || tx.stage.SigningDueAt != nil || len(tx.credit) != 0 || len(tx.steps) != 0 {
		t.Errorf("only the owner had not signed: status %s, signing due %v, credit %+v, steps %v",
			tx.project.Status, tx.stage.SigningDueAt, tx.credit, tx.steps)
	}
}

// TestPostAward_Deliveries: only the contracted agency delivers, only the
// owner accepts or returns (a return needs its reason), and acceptance
// opens the evaluation window; a refusal writes nothing.
func TestPostAward_Deliveries(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	agency := int64(21)
	tx := &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectContracted},
		stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &agency}, now: now}
	pa := postAward(tx)
	owner, ag := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 21, Role: kernel.RoleAgency}

	if _, err := pa.Deliver(ctx, kernel.Actor{ID: 22, Role: kernel.RoleAgency}, 7, "成果", "", nil); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency delivered: %v", err)
	}
	if _, err := pa.Deliver(ctx, owner, 7, "成果", "", nil); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("the owner delivered: %v", err)
	}
	if _, err := pa.DecideDelivery(ctx, owner, 7, true, ""); err != market.ErrNotDelivered {
		t.Errorf("accepted before any delivery: %v", err)
	}
	if len(tx.deliveries) != 0 || len(tx.audits) != 0 || tx.project.Status != market.ProjectContracted {
		t.Fatalf("refusals wrote: %+v, audits %v, status %s", tx.deliveries, tx.audits, tx.project.Status)
	}

	d, err := pa.Deliver(ctx, ag, 7, "  评价报告 ", "", nil)
	if err != nil || d.Note != "评价报告" || d.Status != market.DeliverySubmitted || !d.DeliveredAt.Equal(now) {
		t.Fatalf("deliver: %+v, %v", d, err)
	}
	if tx.project.Status != market.ProjectDelivered {
		t.Errorf("after the delivery: status %s", tx.project.Status)
	}
	if _, err := pa.Deliver(ctx, ag, 7, "again", "", nil); err != market.ErrNotContracted {
		t.Errorf("delivered twice: %v", err)
	}
	if _, err := pa.DecideDelivery(ctx, ag, 7, true, ""); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("the agency accepted its own delivery: %v", err)
	}
	if _, err := pa.DecideDelivery(ctx, owner, 7, false, "  "); kernel.ErrorCode(err) != kernel.EINVALID {
		t.Errorf("returned without a reason: %v", err)
	}

	r, err := pa.DecideDelivery(ctx, owner, 7, false, "缺少附图")
	if err != nil || r.Status != market.DeliveryReturned || r.ReturnReason != "缺少附图" || tx.project.Status != market.ProjectContracted {
		t.Fatalf("return: %+v, %v, status %s", r, err, tx.project.Status)
	}
	if _, err := pa.Deliver(ctx, ag, 7, "补充附图", "", nil); err != nil {
		t.Fatalf("redeliver: %v", err)
	}
	a, err := pa.DecideDelivery(ctx, owner, 7, true, "")
	if err != nil || a.ID != 2 || a.Status != market.DeliveryAccepted || tx.project.Status != market.ProjectAccepted {
		t.Fatalf("accept: %+v, %v, status %s", a, err, tx.project.Status)
	}
	if due := tx.stage.EvaluationDueAt; due == nil || !due.Equal(now.Add(3*24*time.Hour)) || !tx.stage.AcceptedAt.Equal(now) {
		t.Errorf("evaluation window: accepted %v, due %v", tx.stage.AcceptedAt, due)
	}
	want := []string{"project.delivered", "project.delivery_returned", "project.delivered", "project.delivery_accepted"}
	if strings.Join(tx.audits, ",") != strings.Join(want, ",") {
		t.Errorf("audits %v, want %v", tx.audits, want)
	}
	if _, err := pa.FindDeliveries(ctx, kernel.Actor{ID: 22, Role: kernel.RoleAgency}, 7); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency read the deliveries: %v", err)
	}
	if ds, err := pa.FindDeliveries(ctx, ag, 7); err != nil || len(ds) != 2 {
		t.Errorf("the agency's deliveries: %d, %v", len(ds), err)
	}
}

// TestPostAward_Objections: a losing bidder's objection pauses publicity
// with the time left; the owner answers, the objector escalates, and an
// upheld complaint is a credit event that drops the candidate for the next
// one. An answered objection left alone closes at the end of the complaint
// period and publicity resumes from then.
func TestPostAward_Objections(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 4, 0, 0, 0, time.UTC)
	ends := now.Add(5 * 24 * time.Hour)
	selected := int64(21)
	publicity := func() *lifecycleTx {
		return &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectPublicity},
			stage: market.Lifecycle{ProjectID: 7, AwardedAgencyID: &selected, PublicityEndsAt: &ends},
			candidates: []*market.ProjectCandidate{
				{ProjectID: 7, Rank: 1, AgencyID: 21, Price: 40_000, Status: market.CandidateSelected},
				{ProjectID: 7, Rank: 2, AgencyID: 22, Price: 45_000, Status: market.CandidateWaiting},
			},
			bids: []*market.Bid{{ProjectID: 7, AgencyID: 21, Status: market.BidSubmitted}, {ProjectID: 7, AgencyID: 22, Status: market.BidSubmitted}},
			now:  now}
	}
	owner, admin := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 90, Role: kernel.RoleAdmin}
	loser, candidate, stranger := kernel.Actor{ID: 22, Role: kernel.RoleAgency}, kernel.Actor{ID: 21, Role: kernel.RoleAgency}, kernel.Actor{ID: 23, Role: kernel.RoleAgency}

	tx := publicity()
	pa := postAward(tx)
	if _, err := pa.RaiseObjection(ctx, stranger, 7, "价格异常"); err != market.ErrNotBidder {
		t.Errorf("a non-bidder objected: %v", err)
	}
	if _, err := pa.RaiseObjection(ctx, candidate, 7, "价格异常"); kernel.ErrorCode(err) != kernel.ECONFLICT {
		t.Errorf("the candidate objected to itself: %v", err)
	}
	if len(tx.objections) != 0 || tx.stage.PublicityEndsAt == nil {
		t.Fatalf("refusals wrote: %+v, publicity ends %v", tx.objections, tx.stage.PublicityEndsAt)
	}
	o, err := pa.RaiseObjection(ctx, loser, 7, "  报价低于成本 ")
	if err != nil || o.Reason != "报价低于成本" || o.CandidateID != 21 || !o.AnswerDueAt.Equal(now.Add(2*24*time.Hour)) {
		t.Fatalf("raise: %+v, %v", o, err)
	}
	if tx.stage.PublicityEndsAt != nil || tx.stage.PublicityRemaining == nil || *tx.stage.PublicityRemaining != 5*24*time.Hour {
		t.Fatalf("publicity not paused: ends %v, remaining %v", tx.stage.PublicityEndsAt, tx.stage.PublicityRemaining)
	}
	if _, err := pa.RaiseObjection(ctx, loser, 7, "再次异议"); err != market.ErrObjectionAlreadyRaised {
		t.Errorf("objected twice: %v", err)
	}
	if _, err := pa.AnswerObjection(ctx, kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, o.ID, "答复"); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another enterprise answered: %v", err)
	}
	if _, err := pa.AnswerObjection(ctx, owner, o.ID, "报价经核实合理"); err != nil {
		t.Fatalf("answer: %v", err)
	}
	if _, err := pa.EscalateObjection(ctx, candidate, o.ID); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("another agency escalated: %v", err)
	}
	if _, err := pa.EscalateObjection(ctx, loser, o.ID); err != nil {
		t.Fatalf("escalate: %v", err)
	}
	if l, err := pa.Complaints(ctx, owner, kernel.Page{}); kernel.ErrorCode(err) != kernel.EFORBIDDEN {
		t.Errorf("the owner listed complaints: %+v, %v", l, err)
	}
	if l, err := pa.Complaints(ctx, admin, kernel.Page{}); err != nil || l.Total != 1 {
		t.Errorf("complaints: %+v, %v", l, err)
	}
	d, err := pa.DecideObjection(ctx, admin, o.ID, true, "低于成本且未说明")
	if err != nil || d.Status != market.ObjectionUpheld || d.DecidedBy == nil || *d.DecidedBy != 90 {
		t.Fatalf("decide: %+v, %v", d, err)
	}
	if len(tx.credit) != 1 || tx.credit[0].Kind != market.CreditObjectionUpheld || tx.credit[0].AgencyID != 21 || tx.credit[0].Source != market.CreditSourceObjection {
		t.Errorf("credit events: %+v", tx.credit)
	}
	if tx.candidates[0].Status != market.CandidateDisqualified || tx.candidates[1].Status != market.CandidateSelected || *tx.stage.AwardedAgencyID != 22 {
		t.Errorf("after the upheld complaint: candidates %+v %+v, selected %d", tx.candidates[0], tx.candidates[1], *tx.stage.AwardedAgencyID)
	}

	// Answered and left alone: it closes when the complaint period ends,
	// and publicity resumes from that moment with the time it had left.
	tx = publicity()
	pa = postAward(tx)
	o, err = pa.RaiseObjection(ctx, loser, 7, "评审有误")
	if err != nil {
		t.Fatal(err)
	}
	tx.now = now.Add(time.Hour)
	if _, err := pa.AnswerObjection(ctx, owner, o.ID, "评审无误"); err != nil {
		t.Fatal(err)
	}
	closes := now.Add(25 * time.Hour)
	tx.now = closes.Add(3 * time.Hour) // the scheduler came late
	pa.Settle(ctx, 7)
	if got := tx.objections[0].Status; got != market.ObjectionAnsweredAccepted {
		t.Errorf("after the complaint period: %s", got)
	}
	if want := closes.Add(5 * 24 * time.Hour); tx.stage.PublicityEndsAt == nil || !tx.stage.PublicityEndsAt.Equal(want) || tx.stage.PublicityRemaining != nil {
		t.Errorf("publicity resumed to end %v, want %v (remaining %v)", tx.stage.PublicityEndsAt, want, tx.stage.PublicityRemaining)
	}
	if l, err := pa.Objections(ctx, 7, kernel.Page{Page: 1, PerPage: 10}); err != nil || l.Total != 1 || len(l.Items) != 1 {
		t.Errorf("objections: %+v, %v", l, err)
	}
}

// TestPostAward_LowPrices: the agency explains its abnormally low bid
// before the deadline and the owner decides; a rejection invalidates the
// bid; an explanation not given in time is missing (the bid invalid) and
// a late one is refused.
func TestPostAward_LowPrices(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 7, 5, 0, 0, 0, time.UTC)
	due := now.Add(48 * time.Hour)
	tx := &lifecycleTx{project: market.Project{ID: 7, OwnerID: 1, Status: market.ProjectEvaluating, Method: market.MethodLowestPrice},
		lowPrices: []*market.LowPriceBid{
			{ID: 1, ProjectID: 7, BidID: 101, AgencyID: 21, Status: market.LowPricePending, DueAt: due},
			{ID: 2, ProjectID: 7, BidID: 102, AgencyID: 22, Status: market.LowPricePending, DueAt: due},
		}, now: now}
	pa := postAward(tx)
	owner, a21, a22 := kernel.Actor{ID: 1, Role: kernel.RoleEnterprise}, kernel.Actor{ID: 21, Role: kernel.RoleAgency}, kernel.Actor{ID: 22, Role: kernel.RoleAgency}
	reject := false

	if _, err := pa.ExplainLowPrice(ctx, kernel.Actor{ID: 23, Role: kernel.RoleAgency}, 7, "成本构成说明"); err != market.ErrLowPriceNotFound {
		t.Errorf("an agency without a low price explained: %v", err)
	}
	if _, err := pa.DecideLowPrice(ctx, owner, 7, market.LowPriceDecision{AgencyID: 21, Accept: &reject, Reason: "未说明"}); err != market.ErrLowPriceNotExplained {
		t.Errorf("decided before the explanation: %v", err)
	}
	l, err := pa.ExplainLowPrice(ctx, a21, 7, "  人工成本已核算 ")
	if err != nil || l.Status != market.LowPriceExplained || l.Explanation != "人工成本已核算" {
		t.Fatalf("explain: %+v, %v", l, err)
	}
	if len(tx.inbox) != 1 || tx.inbox[0] != 1 {
		t.Errorf("the owner's inbox: %v", tx.inbox)
	}
	if _, err := pa.ExplainLowPrice(ctx, a21, 7, "again"); err != market.ErrLowPriceExplained {
		t.Errorf("explained twice: %v", err)
	}
	if _, err := pa.DecideLowPrice(ctx, kernel.Actor{ID: 9, Role: kernel.RoleEnterprise}, 7, market.LowPriceDecision{AgencyID: 21, Accept: &reject, Reason: "x"}); err != market.ErrLowPriceNotOwner {
		t.Errorf("another owner decided: %v", err)
	}
	d, err := pa.DecideLowPrice(ctx, owner, 7, market.LowPriceDecision{AgencyID: 21, Accept: &reject, Reason: "说明不成立"})
	if err != nil || d.Status != market.LowPriceRejected || tx.bidStatus[101] != market.BidInvalid {
		t.Fatalf("reject: %+v, %v, bid %q", d, err, tx.bidStatus[101])
	}

	// Agency 22 lets its deadline pass: missing, its bid invalid, and the
	// late explanation refused.
	if held, err := market.LowPriceHeld(ctx, tx, &tx.project, now); err != nil || !held {
		t.Errorf("before the deadline: held %v, %v", held, err)
	}
	tx.now = due
	if _, err := pa.ExplainLowPrice(ctx, a22, 7, "迟到的说明"); err != market.ErrLowPriceLate {
		t.Errorf("a late explanation: %v", err)
	}
	if tx.lowPrices[1].Status != market.LowPriceMissing || tx.bidStatus[102] != market.BidInvalid {
		t.Errorf("after the deadline: %s, bid %q", tx.lowPrices[1].Status, tx.bidStatus[102])
	}
	if held, err := market.LowPriceHeld(ctx, tx, &tx.project, due); err != nil || held {
		t.Errorf("every low price decided: held %v, %v", held, err)
	}
	if ls, err := pa.LowPricesOf(ctx, a22, &tx.project); err != nil || len(ls) != 1 || ls[0].AgencyID != 22 {
		t.Errorf("agency 22's low prices: %+v, %v", ls, err)
	}
}
