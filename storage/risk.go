package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/market"
	"marketplace/domain/supervision"
)

// Arrays and JSON cross the driver as text: agency_ids as a '{1,2}'
// literal, evidence as a JSON string.

func int64Array(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return "{" + strings.Join(s, ",") + "}"
}

func parseIDs(s string) []int64 {
	out := []int64{}
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

type bidEvidenceRow struct {
	ID          int64
	ProjectID   int64
	AgencyID    int64
	AccountID   int64
	Action      string
	ClientIP    string
	UserAgent   string
	Fingerprint string
	DocSha256   string
	Minhash     string
	TextRunes   int
	At          time.Time
}

func (r *bidEvidenceRow) toDomain() *supervision.BidEvidence {
	e := &supervision.BidEvidence{ID: r.ID, ProjectID: r.ProjectID, AgencyID: r.AgencyID, AccountID: r.AccountID, Action: r.Action,
		ClientIP: r.ClientIP, UserAgent: r.UserAgent, Fingerprint: r.Fingerprint, DocSHA256: r.DocSha256,
		MinHash: supervision.ParseMinHashHex(r.Minhash), MinHashHex: r.Minhash, TextRunes: r.TextRunes, At: r.At.UTC()}
	return e
}

// CreateBidEvidence implements supervision.RiskStore.
func (s *DB) CreateBidEvidence(ctx context.Context, e *supervision.BidEvidence) error {
	r := bidEvidenceRow{ProjectID: e.ProjectID, AgencyID: e.AgencyID, AccountID: e.AccountID, Action: e.Action,
		ClientIP: e.ClientIP, UserAgent: e.UserAgent, Fingerprint: e.Fingerprint, DocSha256: e.DocSHA256,
		Minhash: e.MinHashHex, TextRunes: e.TextRunes, At: e.At}
	if err := s.db.WithContext(ctx).Table("bid_evidence").Create(&r).Error; err != nil {
		return fmt.Errorf("storage: create bid evidence %d/%d: %w", e.ProjectID, e.AgencyID, err)
	}
	e.ID = r.ID
	return nil
}

// FindBidEvidence implements supervision.RiskStore.
func (s *DB) FindBidEvidence(ctx context.Context, projectID int64, agencies []int64) ([]*supervision.BidEvidence, error) {
	q := s.db.WithContext(ctx).Table("bid_evidence").Where("project_id = ?", projectID)
	if len(agencies) > 0 {
		q = q.Where("agency_id IN ?", agencies)
	}
	var rows []bidEvidenceRow
	if err := q.Order("at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: find bid evidence of project %d: %w", projectID, err)
	}
	out := make([]*supervision.BidEvidence, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, nil
}

// purgeBidEvidenceSQL: queries/bid_evidence_purge.sql. The batch is
// limited, and SKIP LOCKED lets a purge running at the same time (another
// replica's) take other rows instead of waiting on these.
var purgeBidEvidenceSQL = loadQuery("bid_evidence_purge")

// PurgeBidEvidence implements supervision.RiskStore.
func (s *DB) PurgeBidEvidence(ctx context.Context, cutoff time.Time, limit int) (int, error) {
	res := s.db.WithContext(ctx).Exec(purgeBidEvidenceSQL, cutoff, limit)
	if res.Error != nil {
		return 0, fmt.Errorf("storage: purge bid evidence: %w", res.Error)
	}
	return int(res.RowsAffected), nil
}

// FindProjectsToScan implements supervision.RiskStore. The partial index
// projects_closed_idx (migration 00413) holds the closed projects in this
// order, so only those closed since since are read.
func (s *DB) FindProjectsToScan(ctx context.Context, since time.Time, limit int) ([]supervision.ClosedProject, error) {
	var out []supervision.ClosedProject
	err := s.db.WithContext(ctx).Table("projects p").Select("p.id, p.closed_at").
		Where("p.closed_at IS NOT NULL AND p.closed_at >= ?", since).
		Where("NOT EXISTS (SELECT 1 FROM risk_scans r WHERE r.project_id = p.id)").
		Order("p.closed_at, p.id").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("storage: projects to scan: %w", err)
	}
	for i := range out {
		out[i].ClosedAt = out[i].ClosedAt.UTC()
	}
	return out, nil
}

// MarkProjectScanned implements supervision.RiskStore.
func (s *DB) MarkProjectScanned(ctx context.Context, projectID int64, flags int, now time.Time) error {
	err := s.db.WithContext(ctx).Table("risk_scans").
		Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "project_id"}}, DoUpdates: clause.AssignmentColumns([]string{"scanned_at", "flags"})}).
		Create(map[string]any{"project_id": projectID, "scanned_at": now, "flags": flags}).Error
	if err != nil {
		return fmt.Errorf("storage: mark project %d scanned: %w", projectID, err)
	}
	return nil
}

// LoadRiskProject implements supervision.RiskStore.
func (s *DB) LoadRiskProject(ctx context.Context, projectID int64) (*supervision.RiskProject, error) {
	var pr struct {
		ID         int64
		OwnerID    int64
		Region     string
		CeilingFen *int64
		Unanswered int
	}
	if err := s.db.WithContext(ctx).Table("projects p").Select(`id, owner_id, region, ceiling_fen,
		(SELECT count(*) FROM questions q WHERE q.project_id = p.id AND q.answer IS NULL) AS unanswered`).
		Where("id = ?", projectID).Scan(&pr).Error; err != nil {
		return nil, fmt.Errorf("storage: load risk project %d: %w", projectID, err)
	}
	if pr.ID == 0 {
		return nil, market.ErrProjectNotFound
	}
	p := &supervision.RiskProject{ID: pr.ID, OwnerID: pr.OwnerID, Region: pr.Region, Agencies: map[int64]supervision.RiskAgency{},
		UnansweredQuestions: pr.Unanswered}
	if pr.CeilingFen != nil {
		c := domain.Money(*pr.CeilingFen)
		p.Ceiling = &c
	}
	var bids []struct {
		AgencyID            int64
		PriceFen            int64
		Status              string
		Name                string
		LegalRepresentative string
		ContactPhone        string
		Email               string
	}
	if err := s.db.WithContext(ctx).Table("bids b").Joins("JOIN accounts a ON a.id = b.agency_id").
		Select("b.agency_id, b.price_fen, b.status, a.name, a.legal_representative, a.contact_phone, a.email").
		Where("b.project_id = ?", projectID).Order("b.agency_id").Scan(&bids).Error; err != nil {
		return nil, fmt.Errorf("storage: load bids of risk project %d: %w", projectID, err)
	}
	ev, err := s.FindBidEvidence(ctx, projectID, nil)
	if err != nil {
		return nil, err
	}
	docs, err := s.BidDocumentHashes(ctx, projectID)
	if err != nil {
		return nil, err
	}
	byAgency := map[int64][]*supervision.BidEvidence{}
	for _, e := range ev {
		byAgency[e.AgencyID] = append(byAgency[e.AgencyID], e)
	}
	for _, b := range bids {
		p.Bids = append(p.Bids, supervision.RiskBid{AgencyID: b.AgencyID, Price: domain.Money(b.PriceFen), Status: b.Status, Evidence: byAgency[b.AgencyID],
			Documents: docs[b.AgencyID]})
		p.Agencies[b.AgencyID] = supervision.RiskAgency{ID: b.AgencyID, Name: b.Name, LegalRepresentative: b.LegalRepresentative,
			ContactPhone: b.ContactPhone, Email: b.Email}
	}
	return p, nil
}

// LoadRiskHistory implements supervision.RiskStore: one query for the projects,
// one for their bids with candidate statuses.
func (s *DB) LoadRiskHistory(ctx context.Context, since time.Time) ([]supervision.HistoryProject, error) {
	var ps []struct {
		ID              int64
		OwnerID         int64
		Funding         string
		Method          string
		Region          string
		CeilingFen      *int64
		ClosedAt        time.Time
		AwardedAgencyID *int64
		AwardFen        *int64
	}
	err := s.db.WithContext(ctx).Table("projects p").
		Select(`p.id, p.owner_id, p.funding, p.method, p.region, p.ceiling_fen, p.closed_at, p.awarded_agency_id,
		COALESCE((SELECT c.price_fen FROM project_candidates c WHERE c.project_id = p.id AND c.agency_id = p.awarded_agency_id),
		         (SELECT b.price_fen FROM bids b WHERE b.project_id = p.id AND b.agency_id = p.awarded_agency_id)) AS award_fen`).
		Where("p.closed_at IS NOT NULL AND p.closed_at >= ?", since).Order("p.id").Scan(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("storage: load risk history: %w", err)
	}
	var bs []struct {
		ProjectID int64
		AgencyID  int64
		PriceFen  int64
		Status    string
		Candidate string
	}
	err = s.db.WithContext(ctx).Table("bids b").Joins("JOIN projects p ON p.id = b.project_id").
		Joins("LEFT JOIN project_candidates c ON c.project_id = b.project_id AND c.agency_id = b.agency_id").
		Select("b.project_id, b.agency_id, b.price_fen, b.status, COALESCE(c.status, '') AS candidate").
		Where("p.closed_at IS NOT NULL AND p.closed_at >= ?", since).Order("b.project_id, b.agency_id").Scan(&bs).Error
	if err != nil {
		return nil, fmt.Errorf("storage: load risk history bids: %w", err)
	}
	out := make([]supervision.HistoryProject, len(ps))
	idx := map[int64]int{}
	for i, p := range ps {
		h := supervision.HistoryProject{ID: p.ID, OwnerID: p.OwnerID, Funding: p.Funding, Method: p.Method, Region: p.Region, ClosedAt: p.ClosedAt.UTC()}
		if p.CeilingFen != nil {
			c := domain.Money(*p.CeilingFen)
			h.Ceiling = &c
		}
		if p.AwardedAgencyID != nil {
			h.AwardedAgency = *p.AwardedAgencyID
		}
		if p.AwardFen != nil {
			h.AwardPrice = domain.Money(*p.AwardFen)
		}
		out[i], idx[p.ID] = h, i
	}
	for _, b := range bs {
		if i, ok := idx[b.ProjectID]; ok {
			out[i].Bids = append(out[i].Bids, supervision.HistoryBid{AgencyID: b.AgencyID, Price: domain.Money(b.PriceFen), Status: b.Status, Candidate: b.Candidate})
		}
	}
	return out, nil
}

// RiskMark implements supervision.RiskStore.
func (s *DB) RiskMark(ctx context.Context, name string) (time.Time, error) {
	var at []time.Time
	if err := s.db.WithContext(ctx).Table("risk_marks").Where("name = ?", name).Pluck("at", &at).Error; err != nil {
		return time.Time{}, fmt.Errorf("storage: risk mark %s: %w", name, err)
	}
	if len(at) == 0 {
		return time.Time{}, nil
	}
	return at[0].UTC(), nil
}

// SetRiskMark implements supervision.RiskStore.
func (s *DB) SetRiskMark(ctx context.Context, name string, at time.Time) error {
	err := s.db.WithContext(ctx).Table("risk_marks").
		Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "name"}}, DoUpdates: clause.AssignmentColumns([]string{"at"})}).
		Create(map[string]any{"name": name, "at": at}).Error
	if err != nil {
		return fmt.Errorf("storage: set risk mark %s: %w", name, err)
	}
	return nil
}

func marshalEvidence(ev map[string]any) (string, error) {
	if ev == nil {
		return "{}", nil
	}
	b, err := json.Marshal(ev)
	return string(b), err
}
