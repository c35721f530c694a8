package domain

import (
	"context"

	"marketplace/domain/opendata"
)

// OpenDataStore is the persistence of open data and outbound events:
// opendata.Store (the outbox topics 'events', 'webhook' and 'email',
// notifications, webhook endpoints, release events, statistics) and the
// OCDS process snapshots, which carry the market's projects and so are
// read here and handed to opendata as plain data (opendata_process.go).
type OpenDataStore interface {
	opendata.Store
	// LoadOCDSProcess reads the public facts of project id (ENOTFOUND when
	// it does not exist or was never published).
	LoadOCDSProcess(ctx context.Context, projectID int64) (*OCDSProcess, error)
	// LoadOCDSProcesses reads the public facts of the published projects
	// among ids at once, by id (those never published are left out).
	LoadOCDSProcesses(ctx context.Context, ids []int64) (map[int64]*OCDSProcess, error)
}
