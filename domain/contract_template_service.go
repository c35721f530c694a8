package domain

import (
	"context"
	"strings"

	"marketplace/domain/contractdoc"
)

// Limits of a contract template's texts (the migration checks the same).
const (
	MaxContractDeliverables = 2000
	MaxContractTerms        = 20000
)

// DefaultTemplateKey names the default template in paths and forms.
const DefaultTemplateKey = "default"

// ContractTemplates lists the saved templates (admins only) and, first, the
// effective default (the built-in one when none is saved).
func (m *Marketplace) ContractTemplates(ctx context.Context, actor Actor) ([]*contractdoc.Template, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	ts, err := m.Store.FindContractTemplates(ctx)
	if err != nil {
		return nil, err
	}
	if len(ts) == 0 || ts[0].ItemCode != "" {
		d := contractdoc.DefaultTemplate
		ts = append([]*contractdoc.Template{&d}, ts...)
	}
	return ts, nil
}

// ContractTemplate returns the template that applies to key (an item code,
// or "default"): the item's own, else the default.
func (m *Marketplace) ContractTemplate(ctx context.Context, actor Actor, key string) (*contractdoc.Template, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	code, err := m.templateItem(ctx, m.Store, key)
	if err != nil {
		return nil, err
	}
	return effectiveTemplate(ctx, m.Store, code)
}

// SaveContractTemplate replaces the template of an item, or the default
// (key "default"), admins only. Placeholders must be known ones, so that a
// typo is caught now rather than printed in a signed contract. Contracts
// already signed keep their text.
func (m *Marketplace) SaveContractTemplate(ctx context.Context, actor Actor, key, deliverables, terms string) (*contractdoc.Template, error) {
	if err := Authorize(actor, ActAdminister); err != nil {
		return nil, err
	}
	deliverables, err := ValidateText("deliverables", deliverables, MaxContractDeliverables)
	if err != nil {
		return nil, err
	}
	if terms, err = ValidateText("terms", terms, MaxContractTerms); err != nil {
		return nil, err
	}
	for field, text := range map[string]string{"deliverables": deliverables, "terms": terms} {
		if unknown := contractdoc.UnknownPlaceholders(text); len(unknown) > 0 {
			list := "{" + strings.Join(unknown, "} {") + "}"
			e := FieldError(field, "unknown_placeholder", "Unknown placeholder %s.", list)
			e.Params = map[string]any{"placeholders": list}
			return nil, e
		}
	}
	var out *contractdoc.Template
	err = m.Store.InTx(ctx, func(s Store) error {
		code, err := m.templateItem(ctx, s, key)
		if err != nil {
			return err
		}
		t := &contractdoc.Template{ItemCode: code, Deliverables: deliverables, Terms: terms, UpdatedBy: actor.ID}
		if err := s.SaveContractTemplate(ctx, t); err != nil {
			return err
		}
		out = t
		return s.AppendAudit(ctx, NewAudit(actor, "contract.template_saved", "item", key, t))
	})
	return out, err
}

// templateItem resolves a template key to an item code ("" for the
// default); an unknown item is ENOTFOUND.
func (m *Marketplace) templateItem(ctx context.Context, s Store, key string) (string, error) {
	if key == DefaultTemplateKey {
		return "", nil
	}
	it, err := s.FindItemByCode(ctx, key, false)
	if err != nil {
		return "", err
	}
	return it.Code, nil
}
