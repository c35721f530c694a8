package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
)

type ocdsOrgRow struct {
	AccountID int64
	Name      string
	USCC      string
	Region    string
}

func (r ocdsOrgRow) toDomain() domain.OCDSOrg {
	return domain.OCDSOrg{AccountID: r.AccountID, Name: r.Name, USCC: r.USCC, Region: r.Region}
}

// orgColumns are the only account columns open data reads: never a phone,
// an e-mail or a legal representative.
const orgColumns = `a.id AS account_id, a.name, COALESCE(a.uscc, '') AS uscc,
	COALESCE(NULLIF(ap.region, ''), a.region) AS region`

const orgJoin = ` JOIN accounts a ON a.id = x.agency_id LEFT JOIN agency_profiles ap ON ap.account_id = a.id`

// LoadOCDSProcess implements domain.OpenDataStore.
func (s *DB) LoadOCDSProcess(ctx context.Context, projectID int64) (*domain.OCDSProcess, error) {
	p, err := s.FindProjectByID(ctx, projectID, domain.NoLock)
	if err != nil {
		return nil, err
	}
	if p.PublishedAt == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "unknown_ocid", "Project %d was never published.", projectID)
	}
	db := s.db.WithContext(ctx)
	pr := &domain.OCDSProcess{Project: p}
	var buyer ocdsOrgRow
	if err := db.Raw(`SELECT `+orgColumns+` FROM (SELECT CAST(? AS bigint) AS agency_id) x`+orgJoin, p.OwnerID).Scan(&buyer).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds buyer %d: %w", projectID, err)
	}
	pr.Buyer = buyer.toDomain()
	var lc struct {
		ServiceDueAt *time.Time
		Overdue      bool
	}
	if err := db.Raw(`SELECT service_due_at, overdue FROM projects WHERE id = ?`, projectID).Scan(&lc).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds lifecycle %d: %w", projectID, err)
	}
	pr.ServiceDueAt, pr.Overdue = lc.ServiceDueAt, lc.Overdue
	if p.ClosedAt != nil {
		// Bidders are named only once bidding has closed.
		var orgs []ocdsOrgRow
		if err := db.Raw(`SELECT `+orgColumns+` FROM bids x`+orgJoin+` WHERE x.project_id = ? AND x.status <> 'withdrawn' ORDER BY x.id`,
			projectID).Scan(&orgs).Error; err != nil {
			return nil, fmt.Errorf("storage: ocds tenderers %d: %w", projectID, err)
		}
		for _, o := range orgs {
			pr.Tenderers = append(pr.Tenderers, o.toDomain())
		}
		var cands []struct {
			AccountID int64
			Name      string
			USCC      string
			Region    string
			Rank      int
			PriceFen  int64
			Status    string
		}
		if err := db.Raw(`SELECT x.rank, x.price_fen, x.status, `+orgColumns+` FROM project_candidates x`+orgJoin+
			` WHERE x.project_id = ? ORDER BY x.rank`, projectID).Scan(&cands).Error; err != nil {
			return nil, fmt.Errorf("storage: ocds candidates %d: %w", projectID, err)
		}
		for _, c := range cands {
			org := domain.OCDSOrg{AccountID: c.AccountID, Name: c.Name, USCC: c.USCC, Region: c.Region}
			pr.Candidates = append(pr.Candidates, domain.OCDSCandidate{Rank: c.Rank, Agency: org, Price: domain.Money(c.PriceFen),
				Status: c.Status, Selected: c.Status == "selected"})
		}
	}
	var ct []struct {
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
	if err := db.Raw(`SELECT price_fen, owner_signed_at, agency_signed_at, start_date::timestamp AT TIME ZONE 'Asia/Shanghai' AS start_date,
		document_sha256, document_signature AS signature, signing_public_key AS public_key
		FROM contracts WHERE project_id = ?`, projectID).Scan(&ct).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds contract %d: %w", projectID, err)
	}
	if len(ct) == 1 {
		price := domain.Money(ct[0].PriceFen)
		pr.ContractPrice, pr.OwnerSigned, pr.AgencySigned, pr.StartDate = &price, ct[0].OwnerSignedAt, ct[0].AgencySignedAt, ct[0].StartDate
		if ct[0].DocumentSHA256 != nil {
			pr.ContractDocument = &domain.OCDSContractDocument{SHA256: *ct[0].DocumentSHA256, Signature: ct[0].Signature, PublicKey: ct[0].PublicKey}
		}
	}
	var dels []domain.OCDSDelivery
	if err := db.Raw(`SELECT id, status, delivered_at, decided_at FROM deliveries WHERE project_id = ? ORDER BY id`, projectID).
		Scan(&dels).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds deliveries %d: %w", projectID, err)
	}
	pr.Deliveries = dels
	var pays []struct {
		ID        int64
		AmountFen int64
		PaidOn    time.Time
	}
	if err := db.Raw(`SELECT id, amount_fen, paid_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS paid_on FROM payments WHERE project_id = ? ORDER BY id`,
		projectID).Scan(&pays).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds payments %d: %w", projectID, err)
	}
	for _, x := range pays {
		pr.Payments = append(pr.Payments, domain.OCDSPayment{ID: x.ID, Amount: domain.Money(x.AmountFen), PaidOn: x.PaidOn.UTC()})
	}
	var evs []struct {
		ID     int64
		Action string
		At     time.Time
	}
	if err := db.Raw(`SELECT id, action, at FROM audit_log WHERE subject_type = 'project' AND subject_id = ?
		AND action = ANY(CAST(? AS text[])) ORDER BY at, id`, fmt.Sprint(projectID), textArray(domain.OCDSReleaseActions())).
		Scan(&evs).Error; err != nil {
		return nil, fmt.Errorf("storage: ocds events %d: %w", projectID, err)
	}
	for _, e := range evs {
		pr.Events = append(pr.Events, domain.OCDSEvent{AuditID: e.ID, Action: e.Action, At: e.At.UTC()})
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
	return pr, nil
}

// FindOCDSEvents implements domain.OpenDataStore.
func (s *DB) FindOCDSEvents(ctx context.Context, since, until time.Time, actions []string, p domain.Page) ([]domain.OCDSEventRef, int, error) {
	where := ` FROM audit_log a JOIN projects p ON p.id::text = a.subject_id
		WHERE a.subject_type = 'project' AND a.action = ANY(CAST(@actions AS text[])) AND p.published_at IS NOT NULL
		AND (CAST(@since AS timestamptz) IS NULL OR a.at > @since) AND (CAST(@until AS timestamptz) IS NULL OR a.at < @until)`
	args := map[string]any{"actions": textArray(actions), "since": nullTime(since), "until": nullTime(until),
		"limit": p.PerPage, "offset": (p.Page - 1) * p.PerPage}
	db := s.db.WithContext(ctx)
	var total int64
	if err := db.Raw(`SELECT count(*)`+where, args).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count ocds events: %w", err)
	}
	var rows []struct {
		ID        int64
		ProjectID int64
		Action    string
		At        time.Time
	}
	if err := db.Raw(`SELECT a.id, p.id AS project_id, a.action, a.at`+where+` ORDER BY a.at, a.id LIMIT @limit OFFSET @offset`, args).
		Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find ocds events: %w", err)
	}
	out := make([]domain.OCDSEventRef, len(rows))
	for i, r := range rows {
		out[i] = domain.OCDSEventRef{AuditID: r.ID, ProjectID: r.ProjectID, Action: r.Action, At: r.At.UTC()}
	}
	return out, int(total), nil
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}
