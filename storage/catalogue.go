package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/catalogue"
)

type itemRow struct {
	Code          string `gorm:"primaryKey"`
	Name          string
	Department    string
	LegalBasis    string
	Qualification *string
	TimeLimitDays int
	Workflow      []byte `gorm:"type:jsonb"`
	Conditions    string
	FeeStandard   string
	FeeType       string
	Status        string
	Source        string
	// ApprovalRelated is read only: the catalogue's migrations set it.
	ApprovalRelated bool `gorm:"->"`
}

func (itemRow) TableName() string { return "catalogue_items" }

func (r *itemRow) toDomain() *catalogue.Item {
	it := &catalogue.Item{Code: r.Code, Name: r.Name, Department: r.Department, LegalBasis: r.LegalBasis,
		Qualification: r.Qualification, TimeLimitDays: r.TimeLimitDays, Conditions: r.Conditions,
		FeeStandard: r.FeeStandard, FeeType: r.FeeType, Status: r.Status, Source: r.Source, Workflow: []string{},
		ApprovalRelated: r.ApprovalRelated}
	_ = json.Unmarshal(r.Workflow, &it.Workflow)
	return it
}

func itemToRow(it *catalogue.Item) itemRow {
	wf, _ := json.Marshal(it.Workflow)
	return itemRow{Code: it.Code, Name: it.Name, Department: it.Department, LegalBasis: it.LegalBasis,
		Qualification: it.Qualification, TimeLimitDays: it.TimeLimitDays, Workflow: wf, Conditions: it.Conditions,
		FeeStandard: it.FeeStandard, FeeType: it.FeeType, Status: it.Status, Source: it.Source}
}

// FindItems implements catalogue.Store.
func (s *DB) FindItems(ctx context.Context, f catalogue.Filter) ([]*catalogue.Item, int, error) {
	q := s.db.WithContext(ctx).Model(&itemRow{})
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Department != "" {
		q = q.Where("department LIKE ?", "%"+escapeLike(f.Department)+"%")
	}
	if f.Query != "" {
		// any alternative of the query (synonym expansions, as the search
		// engine's), each alternative's runs all in the name
		alts := []string{"code = ?"}
		args := []any{f.Query}
		for _, alt := range f.Alternatives {
			var and []string
			for _, run := range alt {
				and = append(and, "name LIKE ?")
				args = append(args, "%"+escapeLike(run)+"%")
			}
			alts = append(alts, "("+strings.Join(and, " AND ")+")")
		}
		q = q.Where("("+strings.Join(alts, " OR ")+")", args...)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: count items: %w", err)
	}
	var rows []itemRow
	if err := q.Order("status = 'abolished', code").Offset(f.Page.Offset()).Limit(f.Page.PerPage).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: find items: %w", err)
	}
	out := make([]*catalogue.Item, len(rows))
	for i := range rows {
		out[i] = rows[i].toDomain()
	}
	return out, int(total), nil
}

// FindItemByCode implements catalogue.Store.
func (s *DB) FindItemByCode(ctx context.Context, code string, forUpdate bool) (*catalogue.Item, error) {
	q := s.db.WithContext(ctx)
	q = q.Scopes(forUpdateIf(forUpdate))
	var r itemRow
	if err := q.Where("code = ?", code).Take(&r).Error; err != nil {
		return nil, formatError(err, domain.ErrItemNotFound, nil)
	}
	return r.toDomain(), nil
}

// CreateItem implements catalogue.Store.
func (s *DB) CreateItem(ctx context.Context, it *catalogue.Item) error {
	r := itemToRow(it)
	if err := s.db.WithContext(ctx).Create(&r).Error; err != nil {
		return formatError(fmt.Errorf("storage: create item: %w", err), nil, domain.ErrDuplicateItemCode)
	}
	return nil
}

// UpdateItem implements catalogue.Store.
func (s *DB) UpdateItem(ctx context.Context, it *catalogue.Item) error {
	r := itemToRow(it)
	err := s.db.WithContext(ctx).Model(&itemRow{}).Where("code = ?", it.Code).Updates(map[string]any{
		"name": r.Name, "department": r.Department, "legal_basis": r.LegalBasis, "qualification": r.Qualification,
		"time_limit_days": r.TimeLimitDays, "workflow": r.Workflow, "conditions": r.Conditions,
		"fee_standard": r.FeeStandard, "fee_type": r.FeeType, "status": r.Status, "updated_at": clause.Expr{SQL: "clock_timestamp()"},
	}).Error
	if err != nil {
		return fmt.Errorf("storage: update item %s: %w", it.Code, err)
	}
	return nil
}

// escapeLike escapes LIKE wildcards in user input.
func escapeLike(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
