package credit

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"marketplace/domain/kernel"
)

// Inspection results.
const (
	InspectionPass = "pass"
	InspectionFail = "fail"
)

// ErrInspectionNotFound is returned for an unknown inspection or target.
var ErrInspectionNotFound = &kernel.Error{Code: kernel.ENOTFOUND, Reason: "inspection_not_found", Message: "No such inspection or drawn agency."}

// Inspection is a random inspection (双随机一公开): a department's draw of
// agencies and inspectors with a verifiable seed, and its public results.
type Inspection struct {
	ID                  int64               `json:"id"`
	DepartmentID        int64               `json:"department_id"`
	ItemCode            string              `json:"item_code"`
	Region              string              `json:"region"`
	SampleSize          int                 `json:"sample_size"`
	Inspectors          []string            `json:"inspectors"`
	InspectorsPerAgency int                 `json:"inspectors_per_agency"`
	PoolIDs             []int64             `json:"pool_ids"`
	SeedInput           string              `json:"seed_input"`
	Seed                string              `json:"seed"`
	Algorithm           string              `json:"algorithm"`
	CreatedAt           time.Time           `json:"created_at"`
	Targets             []*InspectionTarget `json:"targets"`
}

// InspectionTarget is one drawn agency with its inspectors and result.
type InspectionTarget struct {
	Position      int        `json:"position"`
	AgencyID      int64      `json:"agency_id"`
	Inspectors    []string   `json:"inspectors"`
	Result        string     `json:"result"` // pending, pass, fail
	Findings      string     `json:"findings"`
	RecordedAt    *time.Time `json:"recorded_at"`
	CreditEventID *int64     `json:"credit_event_id"`
}

// InspectionInput is POST /inspections.
type InspectionInput struct {
	ItemCode            string
	Region              string
	SampleSize          int
	Inspectors          []string
	InspectorsPerAgency int
}

func (in *InspectionInput) validate() error {
	if in.ItemCode != "" && !kernel.ItemCodePattern.MatchString(in.ItemCode) {
		return kernel.FieldError("item_code", "item_code_format", "The item code must be 1 to 32 letters, digits, '-', '_' or '.'.")
	}
	if err := kernel.CheckMaxRunes("region", in.Region, MaxInspectionRegion); err != nil {
		return err
	}
	if in.SampleSize < 1 || in.SampleSize > 1000 {
		return kernel.FieldError("sample_size", "sample_size_range", "sample_size must be 1 to 1000.")
	}
	if len(in.Inspectors) == 0 || len(in.Inspectors) > 200 {
		return kernel.FieldError("inspectors", "inspectors_required", "Name 1 to 200 inspectors.")
	}
	seen := map[string]bool{}
	for i, n := range in.Inspectors {
		n = strings.TrimSpace(n)
		if n == "" || utf8.RuneCountInString(n) > 50 || seen[n] {
			return kernel.FieldError("inspectors", "inspector_name", "Inspector names must be distinct, 1 to 50 characters.")
		}
		seen[n], in.Inspectors[i] = true, n
	}
	if in.InspectorsPerAgency == 0 {
		in.InspectorsPerAgency = min(2, len(in.Inspectors))
	}
	if in.InspectorsPerAgency < 1 || in.InspectorsPerAgency > len(in.Inspectors) {
		return kernel.FieldError("inspectors_per_agency", "inspectors_per_agency_range", "inspectors_per_agency must be between 1 and the number of inspectors.")
	}
	return nil
}

// CreateInspection draws agencies and inspectors (departments only).
func (b *Bureau) CreateInspection(ctx context.Context, actor kernel.Actor, in InspectionInput) (*Inspection, error) {
	if err := kernel.Authorize(actor, kernel.ActInspect); err != nil {
		return nil, err
	}
	if err := in.validate(); err != nil {
		return nil, err
	}
	var out *Inspection
	err := b.InTx(ctx, func(s Tx) error {
		if in.ItemCode != "" {
			if err := s.Catalogue.CheckItem(ctx, in.ItemCode); err != nil {
				return err
			}
		}
		id, err := s.NextInspectionID(ctx)
		if err != nil {
			return err
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		pool, err := s.InspectionPool(ctx, in.ItemCode, in.Region)
		if err != nil {
			return err
		}
		if in.SampleSize > len(pool) {
			return kernel.FieldError("sample_size", "sample_exceeds_pool", "sample_size %d is larger than the pool of %d agencies.", in.SampleSize, len(pool))
		}
		ins := &Inspection{ID: id, DepartmentID: actor.ID, ItemCode: in.ItemCode, Region: in.Region, SampleSize: in.SampleSize,
			Inspectors: in.Inspectors, InspectorsPerAgency: in.InspectorsPerAgency, PoolIDs: pool, CreatedAt: now,
			SeedInput: InspectionSeedInput(id, now, pool), Seed: InspectionSeed(id, now, pool), Algorithm: InspectionAlgorithm}
		agencies, assigned := DrawInspection(ins.Seed, pool, in.SampleSize, in.Inspectors, in.InspectorsPerAgency)
		for i, a := range agencies {
			ins.Targets = append(ins.Targets, &InspectionTarget{Position: i + 1, AgencyID: a, Inspectors: assigned[i], Result: "pending"})
		}
		if err := s.CreateInspection(ctx, ins); err != nil {
			return err
		}
		out = ins
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "inspection.drawn", "inspection", strconv.FormatInt(id, 10),
			map[string]any{"seed": ins.Seed, "pool": len(pool), "agencies": agencies}))
	})
	return out, err
}

// RecordInspectionResult records pass or fail for one drawn agency (the
// inspecting department); a failure is an inspection_failed credit event.
func (b *Bureau) RecordInspectionResult(ctx context.Context, actor kernel.Actor, id, agencyID int64, result, findings string) (*Inspection, error) {
	if err := kernel.Authorize(actor, kernel.ActInspect); err != nil {
		return nil, err
	}
	findings = strings.TrimSpace(findings)
	if result != InspectionPass && result != InspectionFail {
		return nil, kernel.FieldError("result", "inspection_result", "result must be \"pass\" or \"fail\".")
	}
	if err := kernel.CheckMaxRunes("findings", findings, MaxInspectionFindings); err != nil {
		return nil, err
	}
	if result == InspectionFail && findings == "" {
		return nil, kernel.FieldError("findings", "findings_required", "A failed inspection needs its findings.")
	}
	err := b.InTx(ctx, func(s Tx) error {
		ins, err := s.FindInspection(ctx, id)
		if err != nil {
			return err
		}
		if ins.DepartmentID != actor.ID {
			return kernel.Errorf(kernel.EFORBIDDEN, "not_your_inspection", "Only the department that ran the inspection records its results.")
		}
		t, err := s.LockInspectionTarget(ctx, id, agencyID)
		if err != nil {
			return err
		}
		if t.Result != "pending" {
			return kernel.Errorf(kernel.ECONFLICT, "result_recorded", "The result for this agency is already recorded.")
		}
		now, err := s.Now(ctx)
		if err != nil {
			return err
		}
		t.Result, t.Findings, t.RecordedAt = result, findings, &now
		if result == InspectionFail {
			ev := &Event{AgencyID: agencyID, Kind: KindInspection, Points: -10, Source: SourceInspection, Actor: actor,
				Reason: "Failed random inspection #" + strconv.FormatInt(id, 10) + ".", Evidence: findings, InspectionID: &id}
			if ev.Points, err = Points(KindInspection, 0); err != nil {
				return err
			}
			if err := RecordEvent(ctx, s, ev); err != nil {
				return err
			}
			t.CreditEventID = &ev.ID
		}
		if err := s.UpdateInspectionTarget(ctx, id, t); err != nil {
			return err
		}
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "inspection.result", "inspection", strconv.FormatInt(id, 10),
			map[string]any{"agency_id": agencyID, "result": result}))
	})
	if err != nil {
		return nil, err
	}
	return b.GetInspection(ctx, id)
}

// GetInspection returns one inspection with its draw and results (public).
func (b *Bureau) GetInspection(ctx context.Context, id int64) (*Inspection, error) {
	return b.Store.FindInspection(ctx, id)
}

// ListInspections lists inspections, newest first (public).
func (b *Bureau) ListInspections(ctx context.Context, p kernel.Page) (kernel.List[*Inspection], error) {
	if err := p.Normalize(); err != nil {
		return kernel.List[*Inspection]{}, err
	}
	items, total, err := b.Store.FindInspections(ctx, p)
	if err != nil {
		return kernel.List[*Inspection]{}, err
	}
	return kernel.NewList(items, total, p), nil
}
