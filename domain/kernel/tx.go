package kernel

import (
	"context"
	"time"
)

// TxFunc runs fn in one database transaction over S, the store a bounded
// package's use cases need; an error from fn rolls the transaction back.
// Each package names the narrow store it uses and receives a TxFunc over it,
// so it never sees the aggregate store or the other contexts' methods.
type TxFunc[S any] func(ctx context.Context, fn func(S) error) error

// Auditor is what every use case that changes state needs of its
// transaction besides its own store: the platform clock (the database's
// clock_timestamp(), or a test's) and the audit log. Each package's
// transaction embeds it.
type Auditor interface {
	Now(ctx context.Context) (time.Time, error)
	AppendAudit(ctx context.Context, e AuditEntry) error
}
