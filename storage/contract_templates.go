package storage

import (
	"context"
	"fmt"
	"time"

	"marketplace/domain"
	"marketplace/domain/contractdoc"
)

type contractTemplateRow struct {
	ItemCode     string
	Deliverables string
	Terms        string
	UpdatedAt    time.Time
	UpdatedBy    *int64
}

func (r contractTemplateRow) template() *contractdoc.Template {
	t := &contractdoc.Template{ItemCode: r.ItemCode, Deliverables: r.Deliverables, Terms: r.Terms, UpdatedAt: r.UpdatedAt.UTC()}
	if r.UpdatedBy != nil {
		t.UpdatedBy = *r.UpdatedBy
	}
	return t
}

// FindContractTemplate implements domain.ContractTemplateStore.
func (s *DB) FindContractTemplate(ctx context.Context, itemCode string) (*contractdoc.Template, error) {
	var rows []contractTemplateRow
	err := s.db.WithContext(ctx).Raw(`SELECT item_code, deliverables, terms, updated_at, updated_by
		FROM contract_templates WHERE item_code = ?`, itemCode).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract template %q: %w", itemCode, err)
	}
	if len(rows) == 0 {
		return nil, &domain.Error{Code: domain.ENOTFOUND, Reason: "contract_template_not_found", Message: "The item has no contract template of its own."}
	}
	return rows[0].template(), nil
}

// FindContractTemplates implements domain.ContractTemplateStore.
func (s *DB) FindContractTemplates(ctx context.Context) ([]*contractdoc.Template, error) {
	var rows []contractTemplateRow
	err := s.db.WithContext(ctx).Raw(`SELECT item_code, deliverables, terms, updated_at, updated_by
		FROM contract_templates ORDER BY item_code`).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract templates: %w", err)
	}
	out := make([]*contractdoc.Template, len(rows))
	for i, r := range rows {
		out[i] = r.template()
	}
	return out, nil
}

// SaveContractTemplate implements domain.ContractTemplateStore.
func (s *DB) SaveContractTemplate(ctx context.Context, t *contractdoc.Template) error {
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	var by *int64
	if t.UpdatedBy != 0 {
		by = &t.UpdatedBy
	}
	err = s.db.WithContext(ctx).Exec(`INSERT INTO contract_templates (item_code, deliverables, terms, updated_at, updated_by)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (item_code) DO UPDATE SET deliverables = EXCLUDED.deliverables,
		terms = EXCLUDED.terms, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by`,
		t.ItemCode, t.Deliverables, t.Terms, now, by).Error
	if err != nil {
		return fmt.Errorf("storage: save contract template %q: %w", t.ItemCode, err)
	}
	t.UpdatedAt = now.UTC()
	return nil
}
