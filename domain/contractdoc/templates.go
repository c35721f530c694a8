package contractdoc

import (
	"context"
	"strings"

	"marketplace/domain/kernel"
)

// Limits of a contract template's texts (the migration checks the same).
const (
	MaxDeliverables = 2000
	MaxTerms        = 20000
)

// DefaultTemplateKey names the default template in paths and forms.
const DefaultTemplateKey = "default"

// TemplateStore persists the contract templates administrators edit
// (item code "" is the default).
type TemplateStore interface {
	// FindContractTemplate returns an item's template; ENOTFOUND when the
	// item has none of its own.
	FindContractTemplate(ctx context.Context, itemCode string) (*Template, error)
	// FindContractTemplates returns every saved template, the default first.
	FindContractTemplates(ctx context.Context) ([]*Template, error)
	// SaveContractTemplate inserts or replaces t; UpdatedAt is set to the
	// platform clock.
	SaveContractTemplate(ctx context.Context, t *Template) error
}

// Catalogue resolves an item code (another context): the item's code as
// the catalogue keeps it, or ENOTFOUND.
type Catalogue interface {
	ItemCode(ctx context.Context, code string) (string, error)
}

// TemplateReads is what the templates' use cases read.
type TemplateReads interface {
	TemplateStore
	Catalogue
}

// TemplateTx is a template's save: the templates, the catalogue and the
// audit log.
type TemplateTx interface {
	TemplateReads
	kernel.Auditor
}

// Templates holds the administrators' contract templates; domain builds
// one per call from its store.
type Templates struct {
	// Store reads outside a transaction.
	Store TemplateReads
	// InTx runs a function in one transaction over TemplateTx.
	InTx kernel.TxFunc[TemplateTx]
}

// List lists the saved templates (admins only) and, first, the effective
// default (the built-in one when none is saved).
func (ts *Templates) List(ctx context.Context, actor kernel.Actor) ([]*Template, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	list, err := ts.Store.FindContractTemplates(ctx)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || list[0].ItemCode != "" {
		d := DefaultTemplate
		list = append([]*Template{&d}, list...)
	}
	return list, nil
}

// Get returns the template that applies to key (an item code, or
// "default"): the item's own, else the default.
func (ts *Templates) Get(ctx context.Context, actor kernel.Actor, key string) (*Template, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	code, err := templateItem(ctx, ts.Store, key)
	if err != nil {
		return nil, err
	}
	return EffectiveTemplate(ctx, ts.Store, code)
}

// Save replaces the template of an item, or the default (key "default"),
// admins only. Placeholders must be known ones, so that a typo is caught
// now rather than printed in a signed contract. Contracts already signed
// keep their text.
func (ts *Templates) Save(ctx context.Context, actor kernel.Actor, key, deliverables, terms string) (*Template, error) {
	if err := kernel.Authorize(actor, kernel.ActAdminister); err != nil {
		return nil, err
	}
	deliverables, err := kernel.ValidateText("deliverables", deliverables, MaxDeliverables)
	if err != nil {
		return nil, err
	}
	if terms, err = kernel.ValidateText("terms", terms, MaxTerms); err != nil {
		return nil, err
	}
	for field, text := range map[string]string{"deliverables": deliverables, "terms": terms} {
		if unknown := UnknownPlaceholders(text); len(unknown) > 0 {
			list := "{" + strings.Join(unknown, "} {") + "}"
			e := kernel.FieldError(field, "unknown_placeholder", "Unknown placeholder %s.", list)
			e.Params = map[string]any{"placeholders": list}
			return nil, e
		}
	}
	var out *Template
	err = ts.InTx(ctx, func(s TemplateTx) error {
		code, err := templateItem(ctx, s, key)
		if err != nil {
			return err
		}
		t := &Template{ItemCode: code, Deliverables: deliverables, Terms: terms, UpdatedBy: actor.ID}
		if err := s.SaveContractTemplate(ctx, t); err != nil {
			return err
		}
		out = t
		return s.AppendAudit(ctx, kernel.NewAudit(actor, "contract.template_saved", "item", key, t))
	})
	return out, err
}

// templateItem resolves a template key to an item code ("" for the
// default); an unknown item is ENOTFOUND.
func templateItem(ctx context.Context, s Catalogue, key string) (string, error) {
	if key == DefaultTemplateKey {
		return "", nil
	}
	return s.ItemCode(ctx, key)
}

// EffectiveTemplate is the item's template, else the saved default, else
// the built-in default.
func EffectiveTemplate(ctx context.Context, s TemplateStore, itemCode string) (*Template, error) {
	for _, code := range []string{itemCode, ""} {
		t, err := s.FindContractTemplate(ctx, code)
		if err == nil {
			return t, nil
		}
		if kernel.ErrorCode(err) != kernel.ENOTFOUND {
			return nil, err
		}
	}
	t := DefaultTemplate
	return &t, nil
}
