// Package opendata publishes what the platform makes public and sends out:
// the OCDS releases and records, public events and their fan-out through
// the transactional outbox (notifications, e-mails, webhooks), the public
// statistics and the CSV writer every export uses.
package opendata

import (
	"context"

	"marketplace/domain/kernel"
)

// Publisher holds the open-data use cases. domain builds one per call from
// Marketplace's fields (Marketplace.publisher).
type Publisher struct {
	// Store reads outside a transaction (and the outbound engine's lease
	// and claim statements, which run in none).
	Store Store
	InTx  kernel.TxFunc[Store]
	// Config is Marketplace.OpenData.
	Config Config
	// OCIDPrefix is the configured prefix or domain's default, so a
	// project's ocid is the same in the API and in the feed.
	OCIDPrefix string
	// Processes loads the public facts of projects, which live in the
	// market context.
	Processes ProcessLoader
}

// ProcessLoader reads the public facts of contracting processes (domain
// fills them from the project, its notice documents and amendments).
type ProcessLoader interface {
	// LoadProcess reads project id's process (ENOTFOUND when it does not
	// exist).
	LoadProcess(ctx context.Context, id int64) (*OCDSProcess, error)
	// LoadProcesses reads the processes of the projects among ids that
	// exist, by id.
	LoadProcesses(ctx context.Context, ids []int64) (map[int64]*OCDSProcess, error)
}
