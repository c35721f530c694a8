package domain

import (
	"marketplace/domain/contractdoc"
)

// Templates builds the templates' use cases from the current store.
func (m *Marketplace) Templates() *contractdoc.Templates {
	return &contractdoc.Templates{Store: catalogueTx{m.Store},
		InTx: txOf(m.Store, func(s Store) contractdoc.TemplateTx { return catalogueTx{s} })}
}
