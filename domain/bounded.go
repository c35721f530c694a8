package domain

import (
	"context"

	"marketplace/domain/kernel"
)

// txOf narrows Store.InTx to the store of a bounded package: the callback
// gets the transaction's Store seen through narrow (usually the identity,
// since Store implements every package's store interface).
func txOf[S any](store Store, narrow func(Store) S) kernel.TxFunc[S] {
	return func(ctx context.Context, fn func(S) error) error {
		return store.InTx(ctx, func(tx Store) error { return fn(narrow(tx)) })
	}
}
