package domain

import (
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

// Templates builds the templates' use cases from the current store.
func (m *Marketplace) Templates() *contractdoc.Templates {
	return &contractdoc.Templates{Store: catalogueTx{m.Store},
		InTx: txOf(m.Store, func(s Store) contractdoc.TemplateTx { return catalogueTx{s} })}
}
