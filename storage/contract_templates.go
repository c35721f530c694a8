package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm/clause"

	"marketplace/domain"
	"marketplace/domain/contractdoc"
)

type contractTemplateRow struct {
	ItemCode     string `gorm:"primaryKey;autoIncrement:false"`
	Deliverables string
	Terms        string
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"` // the platform clock (s.Now), never GORM's
	UpdatedBy    *int64
}

func (contractTemplateRow) TableName() string { return "contract_templates" }

// contractTemplateColumns are the columns of contractTemplateRow.
const contractTemplateColumns = "item_code, deliverables, terms, updated_at, updated_by"

func (r contractTemplateRow) template() *contractdoc.Template {
	t := &contractdoc.Template{ItemCode: r.ItemCode, Deliverables: r.Deliverables, Terms: r.Terms, UpdatedAt: r.UpdatedAt.UTC()}
	if r.UpdatedBy != nil {
		t.UpdatedBy = *r.UpdatedBy
	}
	return t
}

// FindContractTemplate implements contractdoc.TemplateStore.
func (s *DB) FindContractTemplate(ctx context.Context, itemCode string) (*contractdoc.Template, error) {
	var rows []contractTemplateRow
	err := s.db.WithContext(ctx).Table("contract_templates").Select(contractTemplateColumns).
		Where("item_code = ?", itemCode).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract template %q: %w", itemCode, err)
	}
	if len(rows) == 0 {
		return nil, &domain.Error{Code: domain.ENOTFOUND, Reason: "contract_template_not_found", Message: "The item has no contract template of its own."}
	}
	return rows[0].template(), nil
}

// FindContractTemplates implements contractdoc.TemplateStore.
func (s *DB) FindContractTemplates(ctx context.Context) ([]*contractdoc.Template, error) {
	var rows []contractTemplateRow
	err := s.db.WithContext(ctx).Table("contract_templates").Select(contractTemplateColumns).Order("item_code").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: find contract templates: %w", err)
	}
	out := make([]*contractdoc.Template, len(rows))
	for i, r := range rows {
		out[i] = r.template()
	}
	return out, nil
}

// SaveContractTemplate implements contractdoc.TemplateStore.
func (s *DB) SaveContractTemplate(ctx context.Context, t *contractdoc.Template) error {
	now, err := s.Now(ctx)
	if err != nil {
		return err
	}
	var by *int64
	if t.UpdatedBy != 0 {
		by = &t.UpdatedBy
	}
	row := contractTemplateRow{ItemCode: t.ItemCode, Deliverables: t.Deliverables, Terms: t.Terms, UpdatedAt: now, UpdatedBy: by}
	err = s.db.WithContext(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "item_code"}},
		DoUpdates: clause.AssignmentColumns([]string{"deliverables", "terms", "updated_at", "updated_by"}),
	}).Create(&row).Error
	if err != nil {
		return fmt.Errorf("storage: save contract template %q: %w", t.ItemCode, err)
	}
	t.UpdatedAt = now.UTC()
	return nil
}
