package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/opendata"
)

// ocdsOrgs joins, to the rows of table (aliased x), the organisation that
// key names, and selects cols then the only account columns open data
// reads: never a phone, an e-mail or a legal representative.
func ocdsOrgs(db *gorm.DB, table, key, cols string) *gorm.DB {
	return db.Table(table + " x").Joins("JOIN accounts a ON a.id = x." + key).
		Joins("LEFT JOIN agency_profiles ap ON ap.account_id = a.id").
		Select(cols + `, a.id AS account_id, a.name, COALESCE(a.uscc, '') AS uscc,
	COALESCE(NULLIF(ap.region, ''), a.region) AS region`)
}

// LoadOCDSProcess implements domain.OpenDataStore.
func (s *DB) LoadOCDSProcess(ctx context.Context, projectID int64) (*domain.OCDSProcess, error) {
	prs, err := s.loadOCDSProcesses(ctx, []int64{projectID})
	if err != nil {
		return nil, err
	}
	pr, ok := prs[projectID]
	if !ok {
		return nil, market.ErrProjectNotFound
	}
	if pr.Project.PublishedAt == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "unknown_ocid", "Project %d was never published.", projectID)
	}
	return pr, nil
}

// LoadOCDSProcesses implements domain.OpenDataStore: the processes of the
// published projects among ids, a statement per kind of fact whatever
// their number.
func (s *DB) LoadOCDSProcesses(ctx context.Context, ids []int64) (map[int64]*domain.OCDSProcess, error) {
	prs, err := s.loadOCDSProcesses(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, pr := range prs {
		if pr.Project.PublishedAt == nil {
			delete(prs, id)
		}
	}
	return prs, nil
}

// loadOCDSProcesses reads the projects among ids; those published get
// their public facts, the others their project only.
func (s *DB) loadOCDSProcesses(ctx context.Context, ids []int64) (map[int64]*domain.OCDSProcess, error) {
	projects, err := s.FindProjectsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*domain.OCDSProcess, len(projects))
	var published, closed []int64
	var subjects []string
	for _, id := range ids {
		p, ok := projects[id]
		if !ok || out[id] != nil {
			continue
		}
		out[id] = &domain.OCDSProcess{Project: p}
		if p.PublishedAt == nil {
			continue
		}
		published, subjects = append(published, id), append(subjects, fmt.Sprint(id))
		if p.ClosedAt != nil {
			// Bidders are named only once bidding has closed.
			closed = append(closed, id)
		}
	}
	if len(published) == 0 {
		return out, nil
	}
	db := s.db.WithContext(ctx)
	var buyers []struct {
		ProjectID    int64
		ServiceDueAt *time.Time
		Overdue      bool
		AccountID    int64
		Name         string
		USCC         string
		Region       string
	}
	if err := ocdsOrgs(db, "projects", "owner_id", "x.id AS project_id, x.service_due_at, x.overdue").
		Where("x.id IN ?", published).Scan(&buyers).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds buyers: %w", err)
	}
	for _, b := range buyers {
		pr := out[b.ProjectID]
		pr.Buyer = opendata.OCDSOrg{AccountID: b.AccountID, Name: b.Name, USCC: b.USCC, Region: b.Region}
		pr.ServiceDueAt, pr.Overdue = b.ServiceDueAt, b.Overdue
	}
	if len(closed) > 0 {
		var orgs []struct {
			ProjectID int64
			AccountID int64
			Name      string
			USCC      string
			Region    string
		}
		if err := ocdsOrgs(db, "bids", "agency_id", "x.project_id").Where("x.project_id IN ? AND x.status <> 'withdrawn'", closed).
			Order("x.project_id, x.id").Scan(&orgs).Error; err != nil {
			return nil, fmt.Errorf("storage: ocds tenderers: %w", err)
		}
		for _, o := range orgs {
			pr := out[o.ProjectID]
			pr.Tenderers = append(pr.Tenderers, opendata.OCDSOrg{AccountID: o.AccountID, Name: o.Name, USCC: o.USCC, Region: o.Region})
		}
		var cands []struct {
			ProjectID int64
			AccountID int64
			Name      string
			USCC      string
			Region    string
			Rank      int
			PriceFen  int64
			Status    string
		}
		if err := ocdsOrgs(db, "project_candidates", "agency_id", "x.project_id, x.rank, x.price_fen, x.status").
			Where("x.project_id IN ?", closed).Order("x.project_id, x.rank").Scan(&cands).Error; err != nil {
			return nil, fmt.Errorf("storage: ocds candidates: %w", err)
		}
		for _, c := range cands {
			pr := out[c.ProjectID]
			org := opendata.OCDSOrg{AccountID: c.AccountID, Name: c.Name, USCC: c.USCC, Region: c.Region}
			pr.Candidates = append(pr.Candidates, opendata.OCDSCandidate{Rank: c.Rank, Agency: org, Price: domain.Money(c.PriceFen),
				Status: c.Status, Selected: c.Status == "selected"})
		}
	}
	var ct []struct {
		ProjectID      int64
		PriceFen       int64
		OwnerSignedAt  *time.Time
		AgencySignedAt *time.Time
		StartDate      *time.Time
		DocumentSHA256 *string
		Signature      string
		PublicKey      string
	}
	// Contract and payment dates are China-time dates: read as the instant
	// of their local midnight, not as midnight UTC (8 hours later).
	if err := db.Table("contracts").Select(`project_id, price_fen, owner_signed_at, agency_signed_at,
		start_date::timestamp AT TIME ZONE 'Asia/Shanghai' AS start_date, document_sha256, document_signature AS signature,
		signing_public_key AS public_key`).Where("project_id IN ?", published).Scan(&ct).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds contracts: %w", err)
	}
	for _, c := range ct {
		pr := out[c.ProjectID]
		price := domain.Money(c.PriceFen)
		pr.ContractPrice, pr.OwnerSigned, pr.AgencySigned, pr.StartDate = &price, c.OwnerSignedAt, c.AgencySignedAt, c.StartDate
		if c.DocumentSHA256 != nil {
			pr.ContractDocument = &domain.OCDSContractDocument{SHA256: *c.DocumentSHA256, Signature: c.Signature, PublicKey: c.PublicKey}
		}
	}
	var dels []struct {
		ProjectID             int64
		opendata.OCDSDelivery `gorm:"embedded"`
	}
	if err := db.Table("deliveries").Select("project_id, id, status, delivered_at, decided_at").Where("project_id IN ?", published).
		Order("project_id, id").Scan(&dels).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds deliveries: %w", err)
	}
	for _, d := range dels {
		pr := out[d.ProjectID]
		pr.Deliveries = append(pr.Deliveries, d.OCDSDelivery)
	}
	var pays []struct {
		ProjectID int64
		ID        int64
		AmountFen int64
		PaidOn    time.Time
	}
	if err := db.Table("payments").Select("project_id, id, amount_fen, paid_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS paid_on").
		Where("project_id IN ?", published).Order("project_id, id").Scan(&pays).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds payments: %w", err)
	}
	for _, x := range pays {
		pr := out[x.ProjectID]
		pr.Payments = append(pr.Payments, opendata.OCDSPayment{ID: x.ID, Amount: domain.Money(x.AmountFen), PaidOn: x.PaidOn.UTC()})
	}
	var evs []struct {
		ID        int64
		SubjectID string
		Action    string
		At        time.Time
	}
	if err := db.Table("audit_log").Select("id, subject_id, action, at").
		Where("subject_type = 'project' AND subject_id IN ? AND action = ANY(CAST(? AS text[]))", subjects, textArray(opendata.OCDSReleaseActions())).
		Order("at, id").Scan(&evs).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds events: %w", err)
	}
	for _, e := range evs {
		var id int64
		if _, err := fmt.Sscan(e.SubjectID, &id); err != nil {
			continue
		}
		pr := out[id]
		if pr == nil {
			continue
		}
		pr.Events = append(pr.Events, opendata.OCDSEvent{AuditID: e.ID, Action: e.Action, At: e.At.UTC()})
		switch e.Action {
		case "project.result_published":
			if pr.ResultAt == nil {
				t := e.At.UTC()
				pr.ResultAt = &t
			}
		case "project.awarded":
			t := e.At.UTC()
			pr.AwardedAt = &t
		}
	}
	return out, nil
}

// FindOCDSEvents implements domain.OpenDataStore.
func (s *DB) FindOCDSEvents(ctx context.Context, since, until time.Time, actions []string, p domain.Page) ([]opendata.OCDSEventRef, int, error) {
	events := func() *gorm.DB {
		return s.db.WithContext(ctx).Table("audit_log a").Joins("JOIN projects p ON p.id::text = a.subject_id").
			Where("a.subject_type = 'project' AND a.action = ANY(CAST(? AS text[])) AND p.published_at IS NOT NULL", textArray(actions)).
			Scopes(atAfter(since), atBefore(until))
	}
	var total int64
	if err := events().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count ocds events: %w", err)
	}
	var rows []struct {
		ID        int64
		ProjectID int64
		Action    string
		At        time.Time
	}
	if err := events().Select("a.id, p.id AS project_id, a.action, a.at").Order("a.at, a.id").Limit(p.PerPage).Offset((p.Page - 1) * p.PerPage).
		Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find ocds events: %w", err)
	}
	out := make([]opendata.OCDSEventRef, len(rows))
	for i, r := range rows {
		out[i] = opendata.OCDSEventRef{AuditID: r.ID, ProjectID: r.ProjectID, Action: r.Action, At: r.At.UTC()}
	}
	return out, int(total), nil
}

// atAfter and atBefore bound the audit rows (a) strictly by time; a zero
// time leaves that side open.
func atAfter(t time.Time) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		if t.IsZero() {
			return db
		}
		return db.Where("a.at > ?", t)
	}
}

func atBefore(t time.Time) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		if t.IsZero() {
			return db
		}
		return db.Where("a.at < ?", t)
	}
}
