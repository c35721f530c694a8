package agency

import (
	"marketplace/domain/files"
	"marketplace/domain/kernel"
)

// Registry holds the agency context's use cases. It is cheap to build and
// holds no state of its own; domain.Marketplace builds one per call from
// its fields.
type Registry struct {
	// Store reads outside a transaction (and gives the clock).
	Store Store
	// InTx runs a function in one transaction over Tx.
	InTx kernel.TxFunc[Tx]
	// Files keeps the certificates' documents; nil when uploads are not
	// configured (ErrUploadsDisabled).
	Files files.Storage
}
