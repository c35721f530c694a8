package kernel

import "context"

// TxFunc runs fn in one database transaction over S, the store a bounded
// package's use cases need; an error from fn rolls the transaction back.
// Each package names the narrow store it uses and receives a TxFunc over it,
// so it never sees the aggregate store or the other contexts' methods.
type TxFunc[S any] func(ctx context.Context, fn func(S) error) error
