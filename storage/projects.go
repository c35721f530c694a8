package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/calendar"
	"marketplace/domain/market"
)

// projectRow is a project with its owner's and item's names.
type projectRow struct {
	// FullCount is a list's total, read beside its rows (FindProjects).
	FullCount             int64 `gorm:"->"`
	ID                    int64
	OwnerID               int64
	OwnerName             string
	OwnerRole             string
	Title                 string
	Description           string
	ItemCode              string
	ItemName              string
	Region                string
	Funding               string
	BudgetCode            string
	CeilingFen            *int64
	Method                string
	BiddingClosesAt       time.Time
	ClosesAt              time.Time
	Extensions            int
	ServiceDays           int
	MinBids               int
	WeightPrice           int
	WeightCredit          int
	WeightTechnical       int
	MinStepFen            *int64
	BestFen               *int64
	AuctionBids           int
	Status                string
	CancelReason          string
	PreviousRoundID       *int64
	PublishedAt           *time.Time
	ClosedAt              *time.Time
	Result                *string
	CreatedAt             time.Time
	InvestmentProjectCode string
	ContactName           string
	ContactPhone          string
	ContactEmail          string
}

// projectColumns are the columns of projectRow, read from projectFrom.
const projectColumns = `p.id, p.owner_id, o.name AS owner_name, o.role AS owner_role, p.title, p.description,
	p.item_code, c.name AS item_name, p.region, p.funding, p.budget_code, p.ceiling_fen, p.method,
	p.bidding_closes_at, p.closes_at, p.extensions, p.service_days, p.min_bids, p.weight_price,
	p.weight_credit, p.weight_technical, p.min_step_fen, p.best_fen, p.auction_bids, p.status,
	p.cancel_reason, p.previous_round_id, p.published_at, p.closed_at, p.result::text AS result, p.created_at,
	p.investment_project_code, p.contact_name, p.contact_phone, p.contact_email`

// projectFrom is the FROM of projectColumns as text, for the statements
// still written as text: the bid path's pgx statement (bid_path.go), which
// GORM does not build, and FindProjectsByIDs (pages.go).
const projectFrom = ` FROM projects p JOIN accounts o ON o.id = p.owner_id JOIN catalogue_items c ON c.code = p.item_code`

// projectsJoined is projects with their owners and items, the rows of
// projectsQuery and of a list's count.
func projectsJoined(db *gorm.DB) *gorm.DB {
	return db.Table("projects p").Joins("JOIN accounts o ON o.id = p.owner_id").
		Joins("JOIN catalogue_items c ON c.code = p.item_code")
}

// projectsQuery reads projectRow: a project with its owner's and item's
// names. Callers add the WHERE, the order and any lock.
func projectsQuery(db *gorm.DB) *gorm.DB {
	return projectsJoined(db).Select(projectColumns)
}

// lockProject locks the project row only (OF p), not the owner or item
// rows joined for names.
func lockProject(strength string) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Clauses(clause.Locking{Strength: strength, Table: clause.Table{Name: "p"}})
	}
}

func moneyPtr(fen *int64) *domain.Money {
	if fen == nil {
		return nil
	}
	m := domain.Money(*fen)
	return &m
}

func fenPtr(m *domain.Money) *int64 {
	if m == nil {
		return nil
	}
	v := int64(*m)
	return &v
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

func (r *projectRow) toDomain() *market.Project {
	p := &market.Project{ID: r.ID, OwnerID: r.OwnerID, OwnerName: r.OwnerName, OwnerRole: r.OwnerRole, Title: r.Title,
		Description: r.Description, ItemCode: r.ItemCode, ItemName: r.ItemName, Region: r.Region, Funding: r.Funding,
		BudgetCode: r.BudgetCode, CeilingPrice: moneyPtr(r.CeilingFen), Method: r.Method,
		BiddingClosesAt: r.BiddingClosesAt.UTC(), ClosesAt: r.ClosesAt.UTC(), Extensions: r.Extensions,
		ServiceDays: r.ServiceDays, MinBids: r.MinBids, MinStep: moneyPtr(r.MinStepFen), BestPrice: moneyPtr(r.BestFen),
		AuctionBids: r.AuctionBids, Status: r.Status, CancelReason: r.CancelReason, PreviousRoundID: r.PreviousRoundID,
		PublishedAt: utcPtr(r.PublishedAt), ClosedAt: utcPtr(r.ClosedAt), CreatedAt: r.CreatedAt.UTC(), Avoid: []market.Avoid{},
		InvestmentProjectCode: r.InvestmentProjectCode}
	if c := (market.ProjectContact{Name: r.ContactName, Phone: r.ContactPhone, Email: r.ContactEmail}); !c.IsZero() {
		p.Contact = &c
	}
	if r.Method == market.MethodComposite {
		p.Weights = &market.Weights{Price: r.WeightPrice, Credit: r.WeightCredit, Technical: r.WeightTechnical}
	}
	if r.Result != nil {
		p.Result = []byte(*r.Result)
	}
	return p
}

// CreateProject implements domain.ProjectStore.
func (s *DB) CreateProject(ctx context.Context, p *market.Project) error {
	var w market.Weights
	if p.Weights != nil {
		w = *p.Weights
	}
	var c market.ProjectContact
	if p.Contact != nil {
		c = *p.Contact
	}
	row := projectInsert{OwnerID: p.OwnerID, Title: p.Title, Description: p.Description, ItemCode: p.ItemCode,
		Region: p.Region, Funding: p.Funding, BudgetCode: p.BudgetCode, CeilingFen: fenPtr(p.CeilingPrice), Method: p.Method,
		BiddingClosesAt: p.BiddingClosesAt, ClosesAt: p.ClosesAt, ServiceDays: p.ServiceDays, MinBids: p.MinBids,
		WeightPrice: w.Price, WeightCredit: w.Credit, WeightTechnical: w.Technical, MinStepFen: fenPtr(p.MinStep),
		Status: "draft", PreviousRoundID: p.PreviousRoundID, InvestmentProjectCode: p.InvestmentProjectCode,
		ContactName: c.Name, ContactPhone: c.Phone, ContactEmail: c.Email}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		return fmt.Errorf("storage: create project: %w", err)
	}
	id := row.ID
	p.ID = id
	if len(p.Avoid) == 0 {
		return nil
	}
	rows := make([]projectAvoidRow, len(p.Avoid))
	for i, a := range p.Avoid {
		rows[i] = projectAvoidRow{ProjectID: id, AgencyID: a.AgencyID, ReasonCode: a.ReasonCode, Reason: a.Reason}
	}
	if err := s.db.WithContext(ctx).CreateInBatches(rows, insertBatch).Error; err != nil {
		return fmt.Errorf("storage: create project %d avoid list: %w", id, err)
	}
	return nil
}

// FindProjectByID implements domain.ProjectStore. The lock applies to the
// project row only (lockProject).
func (s *DB) FindProjectByID(ctx context.Context, id int64, lock market.LockMode) (*market.Project, error) {
	if lock == market.NoLock {
		// a page's sections read the project once (domain.WithProjectMemo)
		if p, ok := domain.MemoProject(ctx, id); ok {
			return p, nil
		}
	}
	q := projectsQuery(s.db.WithContext(ctx)).Where("p.id = ?", id)
	switch lock {
	case market.LockShare:
		q = q.Scopes(lockProject(clause.LockingStrengthShare))
	case market.LockUpdate:
		q = q.Scopes(lockProject(clause.LockingStrengthUpdate))
	}
	var rows []projectRow
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find project %d: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, market.ErrProjectNotFound
	}
	p := rows[0].toDomain()
	avoid, err := s.findAvoid(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	if a := avoid[id]; a != nil {
		p.Avoid = a
	}
	if lock == market.NoLock {
		domain.RememberProject(ctx, p)
	}
	return p, nil
}

func (s *DB) findAvoid(ctx context.Context, ids []int64) (map[int64][]market.Avoid, error) {
	var rows []struct {
		ProjectID  int64
		AgencyID   int64
		AgencyName string
		ReasonCode string
		Reason     string
	}
	if err := s.db.WithContext(ctx).Table("project_avoid pa").Joins("JOIN accounts a ON a.id = pa.agency_id").
		Select("pa.project_id, pa.agency_id, a.name AS agency_name, pa.reason_code, pa.reason").
		Where("pa.project_id IN ?", ids).Order("pa.agency_id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find avoid lists: %w", err)
	}
	out := map[int64][]market.Avoid{}
	for _, r := range rows {
		out[r.ProjectID] = append(out[r.ProjectID], market.Avoid{AgencyID: r.AgencyID, AgencyName: r.AgencyName, ReasonCode: r.ReasonCode, Reason: r.Reason})
	}
	return out, nil
}

// projectFilter narrows projectsJoined to the projects f asks for, as the
// viewer may see them: a draft only to its owner.
func projectFilter(f market.ProjectFilter) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if f.ViewerID != 0 {
			q = q.Where("(p.status <> 'draft' OR p.owner_id = ?)", f.ViewerID)
		} else {
			q = q.Where("p.status <> 'draft'")
		}
		if f.Status != "" {
			q = q.Where("p.status = ?", f.Status)
		}
		if f.ItemCode != "" {
			q = q.Where("p.item_code = ?", f.ItemCode)
		}
		if f.Region != "" {
			q = q.Where("p.region LIKE ?", escapeLike(f.Region)+"%")
		}
		if f.Funding != "" {
			q = q.Where("p.funding = ?", f.Funding)
		}
		if f.OwnerID != 0 {
			q = q.Where("p.owner_id = ?", f.OwnerID)
		}
		if f.Method != "" {
			q = q.Where("p.method = ?", f.Method)
		}
		if f.CeilingMin != nil {
			q = q.Where("p.ceiling_fen >= ?", int64(*f.CeilingMin))
		}
		if f.CeilingMax != nil {
			q = q.Where("p.ceiling_fen <= ?", int64(*f.CeilingMax))
		}
		if f.Query != "" {
			like := "%" + escapeLike(f.Query) + "%"
			q = q.Where("(p.title LIKE ? OR p.description LIKE ? OR c.name LIKE ? OR p.item_code = ?)", like, like, like, f.Query)
		}
		if len(f.Statuses) > 0 {
			q = q.Where("p.status IN ?", f.Statuses)
		}
		if f.IDs != nil {
			q = q.Where("p.id IN ?", append([]int64{0}, f.IDs...))
		}
		if f.ItemCodes != nil {
			q = q.Where("p.item_code IN ?", append([]string{""}, f.ItemCodes...))
		}
		return q
	}
}

// FindProjects implements domain.ProjectStore.
func (s *DB) FindProjects(ctx context.Context, f market.ProjectFilter) ([]*market.Project, int, error) {
	build := func() *gorm.DB { return projectsJoined(s.db.WithContext(ctx)).Scopes(projectFilter(f)) }
	order := "COALESCE(p.published_at, p.created_at) DESC, p.id DESC"
	if f.Sort == "deadline" {
		order = "p.closes_at ASC, p.id ASC"
	}
	var rows []projectRow
	if err := build().Select(projectColumns + fullCount).Order(order).Offset(f.Page.Offset()).Limit(f.Page.PerPage).Scan(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find projects: %w", err)
	}
	var first int64
	if len(rows) > 0 {
		first = rows[0].FullCount
	}
	total, err := listTotal(len(rows), first, f.Page, func() (int64, error) {
		var n int64
		err := build().Count(&n).Error
		return n, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("storage: count projects: %w", err)
	}
	out := make([]*market.Project, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i], ids[i] = rows[i].toDomain(), rows[i].ID
	}
	if len(ids) > 0 {
		avoid, err := s.findAvoid(ctx, ids)
		if err != nil {
			return nil, 0, err
		}
		for _, p := range out {
			if a := avoid[p.ID]; a != nil {
				p.Avoid = a
			}
		}
	}
	return out, total, nil
}

// UpdateProjectState implements domain.ProjectStore. It leaves status to
// SetProjectStatus, the one writer of projects.status.
func (s *DB) UpdateProjectState(ctx context.Context, p *market.Project) error {
	err := s.db.WithContext(ctx).Table("projects").Where("id = ?", p.ID).Updates(map[string]any{
		"closes_at": p.ClosesAt, "extensions": p.Extensions, "best_fen": fenPtr(p.BestPrice), "auction_bids": p.AuctionBids,
		"cancel_reason": p.CancelReason, "published_at": p.PublishedAt, "closed_at": p.ClosedAt,
		"updated_at": gorm.Expr("clock_timestamp()")}).Error
	if err != nil {
		return fmt.Errorf("storage: update project %d: %w", p.ID, err)
	}
	return nil
}

// FindProjectsToClose implements domain.ProjectStore. The rows are locked
// FOR NO KEY UPDATE, the lock the close's own UPDATE takes: it still
// excludes a bid (FOR SHARE) and a request-time close (FOR UPDATE), but not
// a transaction that merely references the project (a notification or
// reminder row, whose foreign key check holds FOR KEY SHARE until it
// commits), which FOR UPDATE SKIP LOCKED skipped, closing such projects a
// whole job run late or more.
func (s *DB) FindProjectsToClose(ctx context.Context, now time.Time, limit int) ([]*market.Project, error) {
	var rows []projectRow
	err := projectsQuery(s.db.WithContext(ctx)).Where("p.status = 'bidding' AND p.closes_at <= ?", now).
		Order("p.closes_at, p.id").Limit(limit).
		Clauses(clause.Locking{Strength: "NO KEY UPDATE", Table: clause.Table{Name: "p"}, Options: clause.LockingOptionsSkipLocked}).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find projects to close: %w", err)
	}
	out := make([]*market.Project, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// agencyFactsColumns selects market.AgencyFacts for the agency row a on the
// project given by the SQL expressions item, project and owner: bound
// parameters for one project, or columns of p for each of an owner's.
// Qualification dates are read as calendar days in China Standard Time
// (@day); withdrawn affiliations bar until @cooled.
func agencyFactsColumns(item, project, owner string) string {
	return `a.id AS agency_id, true AS exists, a.role, a.status,
		(SELECT suspended_until FROM agency_profiles WHERE account_id = a.id) AS suspended_until,
		EXISTS (SELECT 1 FROM agency_items i WHERE i.agency_id = a.id AND i.item_code = ` + item + `) AS offers_item,
		COALESCE((SELECT qualification FROM catalogue_items WHERE code = ` + item + `), '') AS item_qualification,
		EXISTS (SELECT 1 FROM qualifications q WHERE q.agency_id = a.id AND q.item_code = ` + item + `
			AND q.valid_from <= @day AND q.valid_until >= @day
			AND NOT EXISTS (SELECT 1 FROM qualification_flags f WHERE f.qualification_id = q.id)) AS has_valid_qualification,
		EXISTS (SELECT 1 FROM project_avoid pa WHERE pa.project_id = ` + project + ` AND pa.agency_id = a.id) AS avoided,
		EXISTS (SELECT 1 FROM affiliations af WHERE af.agency_id = a.id AND af.department_id = ` + owner + `
			AND (af.ended_at IS NULL OR af.ended_at > @cooled)) AS affiliated_with_owner`
}

func factsParams(p *market.Project, now time.Time) map[string]any {
	return map[string]any{"item": p.ItemCode, "day": now.In(calendar.Beijing).Format("2006-01-02"), "project": p.ID,
		"owner": p.OwnerID, "cooled": now.Add(-market.AffiliationCoolingOff)}
}

// FindAgencyFacts implements domain.ProjectStore. The account row is locked
// FOR SHARE so that a bid and the agency's own exit (which locks it FOR
// UPDATE and then looks for open bids) cannot pass each other.
func (s *DB) FindAgencyFacts(ctx context.Context, agencyID int64, p *market.Project, now time.Time) (*market.AgencyFacts, error) {
	var rows []market.AgencyFacts
	err := s.db.WithContext(ctx).Table("accounts a").Select(agencyFactsColumns("@item", "@project", "@owner"), factsParams(p, now)).
		Where("a.id = ?", agencyID).Clauses(clause.Locking{Strength: clause.LockingStrengthShare, Table: clause.Table{Name: "a"}}).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: agency facts %d: %w", agencyID, err)
	}
	if len(rows) == 0 {
		return &market.AgencyFacts{AgencyID: agencyID}, nil
	}
	return &rows[0], nil
}

// FindItemAgencyFacts implements domain.ProjectStore. Nothing is locked:
// the count is advice at publication, and every bid is judged again.
func (s *DB) FindItemAgencyFacts(ctx context.Context, p *market.Project, now time.Time) ([]*market.AgencyFacts, error) {
	var rows []*market.AgencyFacts
	err := s.db.WithContext(ctx).Table("agency_items ai").Joins("JOIN accounts a ON a.id = ai.agency_id").
		Select(agencyFactsColumns("@item", "@project", "@owner"), factsParams(p, now)).
		Where("ai.item_code = ? AND a.role = 'agency'", p.ItemCode).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: item agency facts %s: %w", p.ItemCode, err)
	}
	return rows, nil
}

// FindOwnerProjectFacts implements domain.ProjectStore. It reads projects,
// items, qualifications and affiliations, never bids.
func (s *DB) FindOwnerProjectFacts(ctx context.Context, ownerID, agencyID int64, now time.Time) ([]domain.OwnerProjectFacts, error) {
	var rows []struct {
		ProjectID       int64
		OwnerID         int64
		ItemCode        string
		Funding         string
		AwardedAgencyID *int64
		market.AgencyFacts
	}
	err := s.db.WithContext(ctx).Table("projects p, accounts a").
		Select("p.id AS project_id, p.owner_id, p.item_code, p.funding, p.awarded_agency_id, "+
			agencyFactsColumns("p.item_code", "p.id", "p.owner_id"),
			map[string]any{"day": now.In(calendar.Beijing).Format("2006-01-02"), "cooled": now.Add(-market.AffiliationCoolingOff)}).
		Where("a.id = ? AND p.owner_id = ? AND p.status NOT IN ('draft', 'failed', 'cancelled', 'completed')", agencyID, ownerID).
		Where("p.awarded_agency_id = a.id OR EXISTS (SELECT 1 FROM agency_items i WHERE i.agency_id = a.id AND i.item_code = p.item_code)").
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: owner project facts %d/%d: %w", ownerID, agencyID, err)
	}
	out := make([]domain.OwnerProjectFacts, len(rows))
	for i := range rows {
		r := &rows[i]
		out[i] = domain.OwnerProjectFacts{Project: &market.Project{ID: r.ProjectID, OwnerID: r.OwnerID, ItemCode: r.ItemCode, Funding: r.Funding},
			AwardedAgencyID: r.AwardedAgencyID, Facts: &r.AgencyFacts}
	}
	return out, nil
}

// AgenciesExist implements domain.ProjectStore.
func (s *DB) AgenciesExist(ctx context.Context, ids []int64) (map[int64]bool, error) {
	var found []int64
	if err := s.db.WithContext(ctx).Table("accounts").Where("role = 'agency' AND id IN ?", ids).Pluck("id", &found).Error; err != nil {
		return nil, fmt.Errorf("storage: agencies exist: %w", err)
	}
	out := make(map[int64]bool, len(found))
	for _, id := range found {
		out[id] = true
	}
	return out, nil
}

// isDeadline reports whether err is the bids_deadline trigger firing.
func isDeadline(err error) bool {
	return constraintName(err) == "bids_deadline"
}

// projectAvoidRow is one entry of a project's avoid list.
type projectAvoidRow struct {
	ProjectID  int64
	AgencyID   int64
	ReasonCode string
	Reason     string
}

func (projectAvoidRow) TableName() string { return "project_avoid" }

// projectInsert is the written part of a new projects row; the other
// columns take their defaults.
type projectInsert struct {
	ID                    int64
	OwnerID               int64
	Title                 string
	Description           string
	ItemCode              string
	Region                string
	Funding               string
	BudgetCode            string
	CeilingFen            *int64
	Method                string
	BiddingClosesAt       time.Time
	ClosesAt              time.Time
	ServiceDays           int
	MinBids               int
	WeightPrice           int
	WeightCredit          int
	WeightTechnical       int
	MinStepFen            *int64
	Status                string
	PreviousRoundID       *int64
	InvestmentProjectCode string
	ContactName           string
	ContactPhone          string
	ContactEmail          string
}

func (projectInsert) TableName() string { return "projects" }
