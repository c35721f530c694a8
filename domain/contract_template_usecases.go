package domain

import (
	"context"

	"marketplace/domain/contractdoc"
)

// Contract templates live in domain/contractdoc. These names keep what
// api/, web/ and storage/ write.
type (
	// ContractTemplateStore persists the contract templates (contractdoc).
	ContractTemplateStore = contractdoc.TemplateStore
)

// Limits of a contract template's texts, and the default template's key.
const (
	MaxContractDeliverables = contractdoc.MaxDeliverables
	MaxContractTerms        = contractdoc.MaxTerms
	DefaultTemplateKey      = contractdoc.DefaultTemplateKey
)

// contractTemplates builds the templates' use cases from the current store.
func (m *Marketplace) contractTemplates() *contractdoc.Templates {
	return &contractdoc.Templates{Store: catalogueTx{m.Store},
		InTx: txOf(m.Store, func(s Store) contractdoc.TemplateTx { return catalogueTx{s} })}
}

// ContractTemplates lists the saved templates and the effective default.
func (m *Marketplace) ContractTemplates(ctx context.Context, actor Actor) ([]*contractdoc.Template, error) {
	return m.contractTemplates().List(ctx, actor)
}

// ContractTemplate returns the template that applies to key.
func (m *Marketplace) ContractTemplate(ctx context.Context, actor Actor, key string) (*contractdoc.Template, error) {
	return m.contractTemplates().Get(ctx, actor, key)
}

// SaveContractTemplate replaces the template of an item, or the default.
func (m *Marketplace) SaveContractTemplate(ctx context.Context, actor Actor, key, deliverables, terms string) (*contractdoc.Template, error) {
	return m.contractTemplates().Save(ctx, actor, key, deliverables, terms)
}
