// Package store keeps orders. Its directory is internal/storage, so every
// importer writes `import "example.com/shop/internal/storage"` and then has
// to use it as store.Open.
package store

import (
	"context"
	"errors"
)

// ErrNotFound is returned for an unknown order ID.
var ErrNotFound = errors.New("store: not found")

// Store saves and loads orders by ID.
type Store interface {
	Put(ctx context.Context, id string, order []byte) error
	Get(ctx context.Context, id string) ([]byte, error)
}

// Open returns the store named by dsn; only "memory:" exists so far.
func Open(dsn string) (Store, error) {
	if dsn != "memory:" {
		return nil, errors.New("store: unsupported dsn " + dsn)
	}
	return newMemory(), nil
}
