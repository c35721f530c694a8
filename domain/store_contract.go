package domain

import (
	"context"

	"marketplace/domain/contractdoc"
)

// ContractTemplateStore persists the contract templates administrators edit
// (item code "" is the default).
type ContractTemplateStore interface {
	// FindContractTemplate returns an item's template; ENOTFOUND when the
	// item has none of its own.
	FindContractTemplate(ctx context.Context, itemCode string) (*contractdoc.Template, error)
	// FindContractTemplates returns every saved template, the default first.
	FindContractTemplates(ctx context.Context) ([]*contractdoc.Template, error)
	// SaveContractTemplate inserts or replaces t; UpdatedAt is set to the
	// platform clock.
	SaveContractTemplate(ctx context.Context, t *contractdoc.Template) error
}
